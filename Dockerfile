FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
# PyICU (through followthemoney's name normalisation) builds against the system ICU.
RUN apt-get update && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev \
    && pip install --no-cache-dir -r requirements.lock \
    && apt-get purge -y build-essential pkg-config && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
COPY graph ./graph
COPY loaders ./loaders
COPY cypher ./cypher
COPY api ./api
COPY cli ./cli
COPY exports ./exports
COPY screening ./screening
COPY data ./data
RUN pip install --no-cache-dir --no-deps . && useradd --system tipgraph
USER tipgraph
EXPOSE 8000
CMD ["tipgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
