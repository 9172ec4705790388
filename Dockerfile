FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock
COPY graph ./graph
COPY loaders ./loaders
COPY cypher ./cypher
COPY api ./api
COPY cli ./cli
COPY data ./data
RUN pip install --no-cache-dir --no-deps . && useradd --system tipgraph
USER tipgraph
EXPOSE 8000
CMD ["tipgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
