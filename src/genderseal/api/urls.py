from ninja import NinjaAPI

from .auth import Session, TokenAuth
from .frameworks import router as frameworks
from .rounds import router as rounds

api = NinjaAPI(
    title="gender-seal API",
    version="1",
    description="Frameworks, assessment rounds, results and summaries. Every call is scoped to the caller's institutions.",
    auth=[TokenAuth(), Session()],
    urls_namespace="api",
)
api.add_router("", frameworks)
api.add_router("", rounds)
