"""Social-media-strategy self-assessment: the pure core (model, scoring, results links)."""

from .errors import AnswerError, AssessmentError, LinkError
from .link import DecodedLink, LinkData, decode, decode_params, encode
from .loader import ContentError, load_model
from .model import Model
from .scoring import Result, score

__all__ = [
    "AnswerError",
    "AssessmentError",
    "ContentError",
    "DecodedLink",
    "LinkData",
    "LinkError",
    "Model",
    "Result",
    "decode",
    "decode_params",
    "encode",
    "load_model",
    "score",
]
