# crm-mock: a vendor-accurate, stateful mock of CRM APIs.
#   docker build -t crm-mock .
#   docker run --rm -p 8080:8080 crm-mock
# BASE_IMAGE may be any Debian-like image with Python 3.11+ (python3 and its venv
# module) and useradd; CI builds this file on a Debian base (scripts/check-image.sh).
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CRM_MOCK_HOST=0.0.0.0 \
    CRM_MOCK_PORT=8080

# The dependencies, the virtual environment and the user first, in a layer of their
# own that a rebuild reuses until pyproject.toml changes. `python3`, not `python`:
# a Debian base has only the former.
WORKDIR /src
COPY pyproject.toml ./
RUN python3 -m venv /opt/crm-mock \
    && python3 -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep=chr(10))" > requirements.txt \
    && /opt/crm-mock/bin/pip install -r requirements.txt \
    && groupadd --gid 10001 crm-mock \
    && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin crm-mock

COPY README.md ./
COPY mock_server ./mock_server
COPY specs ./specs
COPY fixtures ./fixtures
# `crm-mock check` fails the build on a broken spec or fixture, and leaves the parsed
# files in a cache the server reads at every start (CRM_MOCK_CACHE_DIR below).
RUN /opt/crm-mock/bin/pip install . \
    && cd / && rm -rf /src \
    && CRM_MOCK_CACHE_DIR=/opt/crm-mock/cache /opt/crm-mock/bin/crm-mock check > /dev/null
ENV PATH=/opt/crm-mock/bin:$PATH \
    CRM_MOCK_CACHE_DIR=/opt/crm-mock/cache

WORKDIR /
USER crm-mock
EXPOSE 8080
# Asks the port the server was actually given (CRM_MOCK_PORT), with the venv's own
# Python: no tool the slim image lacks, and no reliance on a `python` on PATH.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/opt/crm-mock/bin/python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/__mock__/health' % os.environ.get('CRM_MOCK_PORT', '8080'), timeout=2)"]
CMD ["crm-mock", "serve"]
