"""A local S3-compatible server for the tests (moto's server mode on 127.0.0.1, a free port), and a fresh
bucket per test with the evidence settings pointing at it: the settings docs/operations.md lists."""
import logging
import socket
import uuid

import pytest


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of an S3 server speaking HTTP on 127.0.0.1; one per test process."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:  # a free port, chosen by the system
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def make_bucket(endpoint):
    import boto3

    name = f"gs-{uuid.uuid4().hex[:20]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=name)
    return name


def use_bucket(settings, endpoint, bucket):
    settings.EVIDENCE_S3_BUCKET = bucket
    settings.EVIDENCE_S3_OPTIONS = {
        "bucket_name": bucket, "endpoint_url": endpoint, "region_name": "us-east-1",
        "access_key": "test", "secret_key": "test", "location": "evidence",
        "file_overwrite": False, "default_acl": None,
    }


@pytest.fixture(autouse=True)
def s3_settings(settings, tmp_path, s3_server):
    """Evidence and reports in a new, empty bucket; background tasks run at once; nothing on local disk."""
    settings.MEDIA_ROOT = tmp_path / "media-unused"
    settings.EVIDENCE_ROOT = None
    settings.REPORTS_ROOT = None
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    use_bucket(settings, s3_server, make_bucket(s3_server))
    return settings


@pytest.fixture
def bucket(s3_settings, s3_server):
    """The test's bucket as a boto3 resource, to look at (or damage) objects behind the app's back."""
    import boto3

    return boto3.resource("s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test").Bucket(s3_settings.EVIDENCE_S3_BUCKET)


@pytest.fixture
def secretariat(world):
    from genderseal.core.models import Membership

    return Membership.objects.get(user=world.secretariat)
