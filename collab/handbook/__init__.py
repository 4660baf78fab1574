from flask import Blueprint

bp = Blueprint("handbook", __name__)
