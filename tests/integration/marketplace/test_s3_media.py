"""Media on S3-compatible storage, as production configures it when a bucket is set, against a local
S3 server (moto's, on 127.0.0.1: the public object store faked at the network edge)."""

import io

import boto3
import pytest
import requests
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.integration.flows.test_production_stack import production_settings

BUCKET = "cho-htx-media"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    """The production settings' storages, pointed at the local S3, with an empty bucket."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "cho-htx",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    seen = production_settings(AWS_STORAGE_BUCKET_NAME=BUCKET, AWS_S3_ENDPOINT_URL=s3_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": seen["storages"]["default"],
        "private": seen["storages"]["private"],
    }
    storages._storages.clear()  # Django keeps storage instances: forget the file-system ones
    yield client
    storages._storages.clear()
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def jpeg():
    data = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 50)).save(data, "JPEG")
    return data.getvalue()


@pytest.mark.django_db
def test_a_product_photo_is_stored_in_the_bucket_and_served_from_it(s3_media, site):
    image = get_model("catalogue", "ProductImage").objects.create(
        product=factories.product(), original=SimpleUploadedFile("rau-muong.jpg", jpeg()), display_order=0
    )
    keys = [item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [image.original.name]
    url = image.original.url
    assert url.startswith(f"{s3_media.meta.endpoint_url}/{BUCKET}/")
    served = requests.get(url, timeout=10)
    assert served.status_code == 200 and served.content == jpeg()


@pytest.mark.django_db
def test_a_private_document_goes_under_private_with_a_signed_address(s3_media, site):
    from cooperatives.models import _private_storage

    storage = _private_storage()
    name = storage.save("applications/giay-phep.pdf", io.BytesIO(b"%PDF-1.4 demo"))
    keys = [item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"private/{name}"]
    url = storage.url(name)
    assert "Signature=" in url
    assert requests.get(url, timeout=10).content == b"%PDF-1.4 demo"
    assert requests.get(url.split("?")[0], timeout=10).status_code == 403  # not without the signature
