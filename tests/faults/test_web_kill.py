"""The web server killed (SIGKILL) during the upload of a large file: no partial file is visible in
the store, no record is made, and the restarted server takes the same upload whole."""
import hashlib
import os
import socket
import time
import urllib.request
import uuid

import pytest

from genderseal.core.models import ApiToken

from .conftest import wait_for
from tests.factories import make_evidence

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]
SIZE = 48 * 1024 * 1024


def multipart(name, content):
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode()
    return boundary, head + content + f"\r\n--{boundary}--\r\n".encode()


def send(url, path, token, body, boundary, part=None):
    """POST by hand; with `part`, send only that many bytes of the body and return the open socket."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                  f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
                  f"Connection: close\r\n\r\n").encode())
    sock.sendall(body[:part] if part is not None else body)
    return sock


def visible_files(evidence_root):
    """Files in the store's tree (not its tmp/ scratch directory), with whether each is whole."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() == p.name
            for p in evidence_root.glob("??/??/*") if p.is_file()}


def test_killing_the_server_mid_upload_leaves_no_partial_file_and_no_record(world, shared, procs):
    evidence = make_evidence(world.institution)
    token = ApiToken.issue(world.secretariat, "test")
    env = shared.export()
    env["EVIDENCE_MAX_UPLOAD_BYTES"] = str(SIZE * 2)
    path = f"/api/institutions/bma/evidence/{evidence.pk}/revisions"
    content = b"%PDF-1.4\n" + os.urandom(SIZE)
    boundary, body = multipart("large.pdf", content)
    root = shared.media / "evidence"
    revisions = "SELECT count(*) FROM evidence_evidencerevision"

    # 1. Killed while the body is still arriving.
    web = procs.web(env)
    sock = send(web.url, path, token, body, boundary, part=len(body) // 2)
    time.sleep(0.5)
    procs.kill(web)
    sock.close()
    assert shared.value(revisions) == 0 and visible_files(root) == {}

    # 2. Killed while the whole body is in and the file is being copied into the store.
    web = procs.web(env, "web-2")
    sock = send(web.url, path, token, body, boundary)
    wait_for(lambda: any(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.exists() else False,
             60, "the store never started writing")
    procs.kill(web)
    sock.close()
    assert shared.value(revisions) == 0
    assert visible_files(root) == {}  # the half-written copy is only a temporary part in tmp/

    # 3. Restarted, the same upload is stored whole and recorded.
    web = procs.web(env, "web-3")
    sock = send(web.url, path, token, body, boundary)
    sock.settimeout(120)
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    sock.close()
    assert answer.startswith(b"HTTP/1.1 201"), answer[:500]
    digest = hashlib.sha256(content).hexdigest()
    assert visible_files(root) == {digest: True}
    assert shared.rows("SELECT sha256, size FROM evidence_evidencerevision") == [(digest, len(content))]
    urllib.request.urlopen(web.url + "/accounts/login/", timeout=10)
