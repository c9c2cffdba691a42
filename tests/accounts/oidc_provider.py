"""A tiny OpenID Connect provider on 127.0.0.1 for tests: discovery, authorize, token, JWKS, userinfo.

Whoever the test names in `provider.person` "signs in" at the authorize step (no page); the ID
token is RS256-signed with a key made for the run and published on the JWKS endpoint.
"""
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class Provider:
    def __init__(self, client_id="gender-seal", client_secret="s3cret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.person = {"sub": "u-1", "email": "someone@example.go.th", "email_verified": True}
        self.codes = {}  # code -> (nonce, client_id)
        self.audience = None  # set to mint tokens for another client
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def settings(self):
        return {"OIDC_ENABLED": True, "OIDC_RP_CLIENT_ID": self.client_id, "OIDC_RP_CLIENT_SECRET": self.client_secret,
                "OIDC_RP_SIGN_ALGO": "RS256", "OIDC_OP_ISSUER": self.url,
                "OIDC_OP_AUTHORIZATION_ENDPOINT": self.url + "/authorize", "OIDC_OP_TOKEN_ENDPOINT": self.url + "/token",
                "OIDC_OP_USER_ENDPOINT": self.url + "/userinfo", "OIDC_OP_JWKS_ENDPOINT": self.url + "/jwks"}

    def id_token(self, nonce):
        now = int(time.time())
        claims = {"iss": self.url, "aud": self.audience or self.client_id, "iat": now, "exp": now + 300,
                  "nonce": nonce, **self.person}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, data, status=200):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    return self._json({"issuer": provider.url, "authorization_endpoint": provider.url + "/authorize",
                                       "token_endpoint": provider.url + "/token",
                                       "userinfo_endpoint": provider.url + "/userinfo",
                                       "jwks_uri": provider.url + "/jwks", "id_token_signing_alg_values_supported":
                                       ["RS256"], "response_types_supported": ["code"]})
                if url.path == "/jwks":
                    return self._json(provider.jwks())
                if url.path == "/authorize":
                    if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                        return self._json({"error": "invalid_request"}, 400)
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query.get("nonce")
                    self.send_response(302)
                    self.send_header("Location", query["redirect_uri"] + "?" + urlencode(
                        {"code": code, "state": query["state"]}))
                    self.end_headers()
                    return None
                if url.path == "/userinfo":
                    if self.headers.get("Authorization") != "Bearer at-" + provider.person["sub"]:
                        return self._json({"error": "invalid_token"}, 401)
                    return self._json(provider.person)
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlparse(self.path).path != "/token":
                    return self._json({"error": "not_found"}, 404)
                if form.get("client_id") != provider.client_id or form.get("client_secret") != provider.client_secret:
                    return self._json({"error": "invalid_client"}, 401)
                if form.get("code") not in provider.codes:
                    return self._json({"error": "invalid_grant"}, 400)
                nonce = provider.codes.pop(form["code"])
                return self._json({"access_token": "at-" + provider.person["sub"], "token_type": "Bearer",
                                   "expires_in": 300, "id_token": provider.id_token(nonce)})

        return Handler
