# The API and the loader, installed as users get them: a built wheel, its dependencies from the
# hashed runtime lock only (no test or lint tools), run as an unprivileged user whose state
# (audit log, screening judgements) goes to a folder it owns.

# The wheel is built apart, so the final image holds no source tree that could pass for a checkout.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY loaders ./loaders
COPY cypher ./cypher
COPY api ./api
COPY cli ./cli
COPY exports ./exports
COPY screening ./screening
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
COPY requirements/runtime.txt /tmp/runtime.txt
# PyICU (through followthemoney's name normalisation) builds against the system ICU.
RUN apt-get update && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev \
    && pip install --no-cache-dir --require-hashes -r /tmp/runtime.txt \
    && apt-get purge -y build-essential pkg-config && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/* /tmp/runtime.txt
COPY --from=wheel /wheels /wheels
RUN pip install --no-cache-dir --no-deps /wheels/*.whl && rm -rf /wheels \
    && useradd --system --home-dir /var/lib/tipgraph tipgraph \
    && install -d -o tipgraph -g tipgraph -m 0700 /var/lib/tipgraph
ENV TIPGRAPH_STATE_DIR=/var/lib/tipgraph
WORKDIR /app
COPY data ./data
USER tipgraph
EXPOSE 8000
CMD ["tipgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
