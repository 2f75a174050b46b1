"""FastAPI dependencies: who is calling (Bearer JWT or X-API-Key), and role checks."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlalchemy.orm import Session

from services.core.auth import service
from services.core.auth.policy import Principal, Scope, scope_for
from services.core.web import SessionDep

oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False,
                              description="Access token from POST /auth/token (OAuth2 password flow)")
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key for scripts and services")


def current_principal(
    request: Request,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal:
    return principal_of(request, session, Credentials(token, api_key))


@dataclass(frozen=True)
class Credentials:
    """What a request presents (a Bearer token or an API key), not yet checked against the database."""

    token: str | None
    api_key: str | None


def principal_of(request: Request, session: Session, credentials: Credentials) -> Principal:
    """The caller, read from the database now (a disabled account, a reset, a logout or a revoked key refuses the
    very request): ``current_principal``'s work, for a sync endpoint to do in its own worker thread."""
    if credentials.api_key:
        principal = service.principal_from_api_key(session, credentials.api_key, request.method)
    elif credentials.token:
        principal = service.principal_from_access_token(session, credentials.token)
    else:
        raise service.unauthorized()
    request.state.principal = principal
    return principal


async def current_credentials(
    token: Annotated[str | None, Depends(oauth2)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Credentials:
    """Pure (no I/O, on the event loop): a request presenting no credential is refused here, as by
    ``current_principal``; the rest of the check (``principal_of``, which reads the database) is the endpoint's
    first step, in the worker thread that runs it — one threadpool round trip less per request (/search)."""
    if not api_key and not token:
        raise service.unauthorized()
    return Credentials(token, api_key)


CurrentCredentials = Annotated[Credentials, Depends(current_credentials)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def current_scope(principal: CurrentPrincipal) -> Scope:
    """Pure (no I/O): ``async`` so that FastAPI runs it on the event loop instead of a threadpool round trip."""
    return scope_for(principal)


CurrentScope = Annotated[Scope, Depends(current_scope)]


def require_roles(*roles: str) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise service.forbidden()
        return principal

    return check


def client_of(request: Request) -> str | None:
    return request.client.host if request.client else None
