from flask import Blueprint

# The views are imported by create_app(), so models can be imported without them.
bp = Blueprint("main", __name__)
