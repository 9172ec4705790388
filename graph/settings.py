"""The one settings class of tipgraph, read from `TIPGRAPH_*` environment variables (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ConfigError
from graph.paths import default_state_dir


class Settings(BaseSettings):
    """Every knob of tipgraph. Defaults work for the local server that `tipgraph db up` starts."""

    model_config = SettingsConfigDict(
        env_prefix="TIPGRAPH_", env_file=".env", extra="ignore", frozen=True
    )

    environment: Literal["development", "test", "production"] = "development"

    # Which local server this process talks to: `main` is what `make run` serves, `test` is the
    # throwaway one `make test` starts, with its own ports and data folder. Other names are for
    # parallel test servers and need their own TIPGRAPH_BOLT_PORT and TIPGRAPH_HTTP_PORT.
    instance: str = Field(default="main", pattern=r"^[a-z0-9][a-z0-9-]{0,30}$")
    neo4j_uri: str | None = Field(
        default=None, description="Bolt URI; defaults to the local server's Bolt port."
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = Field(
        default=None,
        description="Defaults to the password generated for the local server (git-ignored file).",
    )
    neo4j_database: str = "neo4j"
    # The driver's one set of timeouts (graph/driver.py), for reads and writes alike.
    neo4j_connection_timeout: float = Field(
        default=5.0, gt=0, description="Seconds to open a connection before Neo4j is 'down'."
    )
    neo4j_acquisition_timeout: float = Field(
        default=10.0, gt=0, description="Seconds to wait for a free pooled connection."
    )
    neo4j_max_retry_time: float = Field(
        default=5.0, ge=0, description="Seconds a write transaction retries transient errors."
    )
    bolt_port: int | None = Field(default=None, ge=1, le=65535)
    http_port: int | None = Field(default=None, ge=1, le=65535)

    # The investigators' read-only copy of the local server (`tipgraph db publish`); its ports
    # default to this server's plus 10.
    investigator_bolt_port: int | None = Field(default=None, ge=1, le=65535)
    investigator_http_port: int | None = Field(default=None, ge=1, le=65535)
    read_only_server: bool = Field(
        default=False,
        description="Start the local server with every database read-only (set for the copy).",
    )

    # Local state lives apart from the code, which may be installed read-only: see
    # graph/paths.py for the default (the checkout's `.neo4j/`, else the user's state folder).
    state_dir: Path = Field(
        default_factory=default_state_dir,
        description="Folder of local state: the Maven-built Neo4j, and per instance its data, "
        "logs, generated password, development keys, audit log and screening judgements.",
    )
    neo4j_root: Path | None = Field(
        default=None,
        description="Where the Maven-built Neo4j and its instances live, when not in state_dir "
        "(e.g. to share one assembled server between checkouts).",
    )
    java_home: Path | None = Field(
        default=None, description="A Java 17 or 21 home; found under /usr/lib/jvm when unset."
    )
    heap_size: str | None = None
    pagecache_size: str | None = None
    neo4j_jvm_flags: str = Field(
        default="",
        description="More JVM flags for the local server and neo4j-admin, space separated; a "
        "garbage collector named here (-XX:+Use...GC) replaces G1.",
    )
    neo4j_conf: str = Field(
        default="",
        description="More neo4j.conf settings for the local server, `key=value` space "
        "separated; the settings tipgraph writes itself cannot be changed this way.",
    )
    start_timeout: float = Field(default=180.0, gt=0)

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    api_access_log: bool = Field(
        default=True,
        description="uvicorn's access log on stderr (paths without query strings). The audit "
        "log records every request either way; off, each request costs the API about a tenth "
        "less CPU (docs/performance.md).",
    )
    # `name:role:secret` entries, comma separated, role being `reader` or `writer`.
    api_keys: SecretStr | None = None
    audit_log: Path | None = Field(
        default=None,
        description="The audit log (JSON lines); default: audit.jsonl in the instance's folder.",
    )
    audit_secret: SecretStr | None = Field(
        default=None,
        description="Key of the audit log's parameter hashes (HMAC); generated into the local "
        "server's folder in development.",
    )
    audit_max_bytes: int = Field(
        default=50_000_000, ge=10_000, description="Size at which the audit log is rotated."
    )
    audit_keep: int = Field(default=5, ge=1, description="Rotated audit files kept.")

    # Per API key (a request without a known key counts against its client address).
    max_body_bytes: int = Field(
        default=8_000_000,
        ge=1024,
        description="Largest request body (a fact file and its source text); refused with 413 "
        "from its Content-Length, or as it streams past the limit.",
    )
    rate_limit_per_minute: int = Field(
        default=1200, ge=1, description="Sustained requests per minute per key; beyond, 429."
    )
    rate_limit_burst: int = Field(
        default=600, ge=1, description="Requests a key may make at once before the rate applies."
    )
    max_concurrent_per_key: int = Field(
        default=8,
        ge=1,
        description="Requests of one key in flight at once; beyond, 429, so that one key's slow "
        "queries cannot take every worker from the others.",
    )

    queries_dir: Path | None = Field(
        default=None,
        description="Another folder of saved queries (default: the project's cypher/).",
    )
    query_timeout: float = Field(default=10.0, gt=0, le=300)
    judgements_file: Path | None = Field(
        default=None,
        description="Reviewers' screening judgements (JSON lines); default: the instance's "
        "folder, so they outlive a reload of the graph.",
    )
    match_threshold: float = Field(
        default=0.7, ge=0, le=1, description="Score from which a screening candidate is a match."
    )
    query_row_cap: int = Field(default=1000, ge=1, le=100_000)

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if self.environment != "production":
            return self
        secrets = {
            "TIPGRAPH_NEO4J_PASSWORD": self.neo4j_password,
            "TIPGRAPH_API_KEYS": self.api_keys,
            "TIPGRAPH_AUDIT_SECRET": self.audit_secret,
        }
        missing = [name for name, value in secrets.items() if not _given(value)]
        if missing:
            raise ConfigError(
                f"production needs {', '.join(missing)} (unset or empty)",
                hint="set TIPGRAPH_NEO4J_PASSWORD, TIPGRAPH_API_KEYS and TIPGRAPH_AUDIT_SECRET; "
                "generated local secrets are for development",
            )
        return self

    @property
    def effective_bolt_port(self) -> int:
        if self.bolt_port is not None:
            return self.bolt_port
        return {"main": 7687, "test": 7688}.get(self.instance) or self._need_port("BOLT")

    @property
    def effective_http_port(self) -> int:
        if self.http_port is not None:
            return self.http_port
        return {"main": 7474, "test": 7475}.get(self.instance) or self._need_port("HTTP")

    @property
    def effective_investigator_bolt_port(self) -> int:
        return self.investigator_bolt_port or self.effective_bolt_port + 10

    @property
    def effective_investigator_http_port(self) -> int:
        return self.investigator_http_port or self.effective_http_port + 10

    def _need_port(self, which: str) -> int:
        raise ConfigError(
            f"instance {self.instance!r} has no default {which.lower()} port",
            hint=f"set TIPGRAPH_{which}_PORT for it",
        )

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.effective_bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.effective_http_port}/browser/"

    @property
    def neo4j_home(self) -> Path:
        return self.neo4j_root or self.state_dir

    @property
    def instance_dir(self) -> Path:
        return self.neo4j_home / "instances" / self.instance

    @property
    def audit_path(self) -> Path:
        return self.audit_log or self.instance_dir / "audit.jsonl"

    @property
    def judgements_path(self) -> Path:
        return self.judgements_file or self.instance_dir / "judgements.jsonl"

    @property
    def password_file(self) -> Path:
        return self.instance_dir / "password"

    def password(self) -> str:
        """The Neo4j password: from settings, else the one generated for the local server."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.password_file.is_file():
            return self.password_file.read_text(encoding="utf-8").strip()
        raise ConfigError(
            f"no Neo4j password: TIPGRAPH_NEO4J_PASSWORD is unset and {self.password_file} "
            "does not exist",
            hint="run `tipgraph db up` to create the local server, or set TIPGRAPH_NEO4J_PASSWORD",
        )


def _given(secret: SecretStr | None) -> bool:
    # Compose's `${VAR:-}` hands over an empty string: as good as no secret at all.
    return secret is not None and bool(secret.get_secret_value().strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
