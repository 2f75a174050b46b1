"""FastAPI dependencies: who is calling (Bearer JWT or X-API-Key), and role checks."""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer

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
    if api_key:
        principal = service.principal_from_api_key(session, api_key, request.method)
    elif token:
        principal = service.principal_from_access_token(session, token)
    else:
        raise service.unauthorized()
    request.state.principal = principal
    return principal


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
