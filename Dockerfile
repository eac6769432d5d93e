# crm-mock: a vendor-accurate, stateful mock of CRM APIs.
#   docker build -t crm-mock .
#   docker run --rm -p 8080:8080 crm-mock
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CRM_MOCK_HOST=0.0.0.0 \
    CRM_MOCK_PORT=8080

WORKDIR /src
COPY pyproject.toml README.md ./
COPY mock_server ./mock_server
COPY specs ./specs
COPY fixtures ./fixtures
RUN python -m venv /opt/crm-mock \
    && /opt/crm-mock/bin/pip install . \
    && rm -rf /src \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin crm-mock
ENV PATH=/opt/crm-mock/bin:$PATH

WORKDIR /
USER crm-mock
EXPOSE 8080
# Asks the port the server was actually given (CRM_MOCK_PORT), with no tool the slim image lacks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/__mock__/health' % os.environ.get('CRM_MOCK_PORT', '8080'), timeout=2)"]
CMD ["crm-mock", "serve"]
