from flask import Blueprint

bp = Blueprint("trash", __name__)
