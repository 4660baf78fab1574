from flask import Blueprint

bp = Blueprint("outputs", __name__)
