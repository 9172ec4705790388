"""The local Neo4j 5.26 Community server, for machines without Docker.

Maven (`graph/maven/pom.xml`) copies the server, Browser and APOC jars from Maven Central into the
git-ignored `.neo4j/` folder; this module writes each instance's `neo4j.conf`, sets its generated
password, starts the JVM detached from the caller, waits for Bolt, and stops only a server whose
pid file it wrote. Two instances share the jars: `main` (what `make run` serves) and `test`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from graph.errors import ServerError
from graph.paths import bundled_dir, find_checkout, need_checkout
from graph.settings import Settings

MAVEN_DIR = bundled_dir("graph", "maven")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# The flags of Neo4j 5.26's default neo4j.conf that matter when java is started directly;
# the launcher script is not used, so these are read back from the conf we write.
DEFAULT_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)

# Sized for a 2-core, 24 GiB machine that also runs the API and the test suite.
MEMORY = {"main": ("2g", "2g"), "test": ("1g", "512m")}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ServerStatus:
    """What runs where, as `tipgraph db status` reports it."""

    instance: str
    mode: str  # "maven", "docker" or "none"
    pid: int | None
    running: bool
    bolt_ok: bool
    version: str | None
    edition: str | None
    bolt_url: str
    browser_url: str
    log_file: Path
    detail: str = ""


def _noop(_: str) -> None:
    return None


# --- Java and Maven -------------------------------------------------------------------------


def find_java(settings: Settings) -> Path:
    """A Java 17 or 21 executable: the configured one, else Debian's 17, else `java` on PATH."""
    candidates: list[Path] = []
    if settings.java_home is not None:
        candidates.append(settings.java_home / "bin" / "java")
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    for pattern in ("java-17-openjdk*", "*17*", "java-21-openjdk*", "*21*"):
        candidates.extend(sorted(Path("/usr/lib/jvm").glob(f"{pattern}/bin/java")))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path))
    for java in candidates:
        if java.is_file() and _java_major(java) in (17, 21):
            return java
    raise ServerError(
        "no Java 17 or 21 found for Neo4j 5.26",
        hint="install OpenJDK 17 (apt-get install openjdk-17-jdk-headless) or set "
        "TIPGRAPH_JAVA_HOME to a Java 17/21 home",
    )


def _java_major(java: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else None


def lib_dir(settings: Settings) -> Path:
    return settings.neo4j_home / "lib"


def plugins_dir(settings: Settings) -> Path:
    return settings.neo4j_home / "plugins"


def _assembled_marker(settings: Settings) -> Path:
    return settings.neo4j_home / "assembled"


def _poms_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for pom in sorted(MAVEN_DIR.rglob("pom.xml")):
        digest.update(pom.read_bytes())
    return digest.hexdigest()


def assemble(settings: Settings, progress: Progress = _noop) -> None:
    """Copy the server, Browser and APOC jars from Maven Central, once per version of the poms."""
    marker = _assembled_marker(settings)
    want = _poms_digest()
    if marker.is_file() and marker.read_text().strip() == want:
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            "Maven (mvn) is not on PATH; it is needed to fetch Neo4j from Maven Central",
            hint="install Maven (apt-get install maven), or use Docker: docker compose up",
        )
    java = find_java(settings)
    env = {**os.environ, "JAVA_HOME": str(java.parent.parent)}
    shutil.rmtree(lib_dir(settings), ignore_errors=True)
    shutil.rmtree(plugins_dir(settings), ignore_errors=True)
    for pom, what in (
        (MAVEN_DIR / "pom.xml", "Neo4j server and Browser"),
        (MAVEN_DIR / "apoc" / "pom.xml", "APOC core"),
    ):
        progress(f"fetching {what} from Maven Central (first run only)")
        result = subprocess.run(
            [
                mvn,
                "-B",
                "-q",
                "-f",
                str(pom),
                f"-Dneo4j.home={settings.neo4j_home}",
                "dependency:copy-dependencies",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise ServerError(
                f"Maven could not fetch the {what} "
                f"(graph/{pom.relative_to(MAVEN_DIR.parent)}):\n{tail}",
                hint="check that Maven Central is reachable, then run `tipgraph db up` again",
            )
    marker.write_text(want + "\n")


# --- Configuration --------------------------------------------------------------------------


def conf_file(settings: Settings) -> Path:
    return settings.instance_dir / "conf" / "neo4j.conf"


def log_file(settings: Settings) -> Path:
    return settings.instance_dir / "logs" / "neo4j.log"


def pid_file(settings: Settings) -> Path:
    return settings.instance_dir / "run" / "tipgraph-neo4j.pid"


# apoc.create.* stays: a read transaction refuses its writes like any other, and the tests of
# that refusal call it.
APOC_ALLOWED = (
    "apoc.version",
    "apoc.coll.*",
    "apoc.map.*",
    "apoc.text.*",
    "apoc.convert.*",
    "apoc.meta.*",
    "apoc.path.*",
    "apoc.create.*",
)


def render_conf(settings: Settings) -> str:
    heap, pagecache = MEMORY.get(settings.instance, MEMORY["test"])
    heap = settings.heap_size or heap
    pagecache = settings.pagecache_size or pagecache
    bolt, http = settings.effective_bolt_port, settings.effective_http_port
    lines = [
        "# Written by `tipgraph db up`; edits are overwritten. Change settings instead.",
        f"# Instance: {settings.instance}",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{bolt}",
        f"server.bolt.advertised_address=127.0.0.1:{bolt}",
        f"server.http.listen_address=127.0.0.1:{http}",
        f"server.http.advertised_address=127.0.0.1:{http}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        # Investigators' Browser sessions must not report usage anywhere either.
        "client.allow_telemetry=false",
        # The Browser guide and style are served by the API on loopback; the Browser compares
        # host names only (a port or a `:*` in an entry never matches) and refuses others.
        "browser.remote_content_hostname_whitelist=127.0.0.1,localhost",
        f"server.directories.plugins={plugins_dir(settings)}",
        "server.directories.data=data",
        "server.directories.logs=logs",
        "server.directories.run=run",
        "server.directories.import=import",
        # Plugin procedures and functions loaded: only APOC's pure helpers, none unrestricted.
        # Left out on purpose: apoc.load.* and apoc.import.* (the server fetches any URL or
        # file), apoc.util.sleep (holds a worker), apoc.cypher.* and apoc.periodic.* (run a
        # string of Cypher, past any check of the text), apoc.export.*, apoc.trigger.*.
        # Neo4j's built-in db.* and dbms.* procedures are not plugins and stay available.
        f"dbms.security.procedures.allowlist={','.join(APOC_ALLOWED)}",
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={pagecache}",
        "db.transaction.timeout=120s",
        "db.logs.query.enabled=INFO",
        "db.logs.query.threshold=1s",
    ]
    if settings.read_only_server:
        # The investigators' copy (graph/readonly.py): the server refuses every write.
        lines.append("server.databases.default_to_read_only=true")
    lines += [f"server.jvm.additional={flag}" for flag in jvm_flags(settings)]
    own = {line.split("=", 1)[0] for line in lines} | {"server.databases.default_to_read_only"}
    lines += extra_conf(settings, own)
    return "\n".join(lines) + "\n"


CONF_ENTRY = re.compile(r"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)=(\S+)")


def extra_conf(settings: Settings, own: set[str]) -> list[str]:
    """The settings' own neo4j.conf entries. Those tipgraph writes stay its own: the addresses,
    the authentication and the read-only switch are what the rest of the code relies on."""
    entries = []
    for entry in settings.neo4j_conf.split():
        match = CONF_ENTRY.fullmatch(entry)
        if match is None:
            raise ServerError(
                f"TIPGRAPH_NEO4J_CONF: {entry!r} is not a neo4j.conf entry",
                hint="write key=value entries separated by spaces, e.g. "
                "dbms.cypher.min_replan_interval=1h",
            )
        if match[1] in own:
            raise ServerError(
                f"TIPGRAPH_NEO4J_CONF: {match[1]} is written by tipgraph itself",
                hint="use the matching TIPGRAPH_ setting (see the README's settings table)",
            )
        entries.append(entry)
    return entries


def jvm_flags(settings: Settings) -> list[str]:
    """Neo4j's default flags, then the settings' own; the JVM refuses two garbage collectors."""
    extra = settings.neo4j_jvm_flags.split()
    own_gc = any(re.fullmatch(r"-XX:\+Use\w+GC", flag) for flag in extra)
    defaults = [f for f in DEFAULT_JVM_FLAGS if not (own_gc and f == "-XX:+UseG1GC")]
    return defaults + extra


def write_conf(settings: Settings) -> Path:
    path = conf_file(settings)
    for sub in ("conf", "data", "logs", "run", "import"):
        (settings.instance_dir / sub).mkdir(parents=True, exist_ok=True)
    path.write_text(render_conf(settings), encoding="utf-8")
    return path


def _conf_values(path: Path, key: str) -> list[str]:
    prefix = key + "="
    return [
        line[len(prefix) :].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


def java_command(settings: Settings, java: Path, main_class: str, *args: str) -> list[str]:
    conf = conf_file(settings)
    heap = _conf_values(conf, "server.memory.heap.max_size")
    flags = _conf_values(conf, "server.jvm.additional")
    memory = [f"-Xms{heap[0]}", f"-Xmx{heap[0]}"] if heap and main_class == ENTRY_POINT else []
    classpath = os.pathsep.join(
        [f"{plugins_dir(settings)}/*", f"{conf.parent}/*", f"{lib_dir(settings)}/*"]
    )
    return [str(java), *memory, *flags, "-cp", classpath, main_class, *args]


def _ensure_password(settings: Settings, java: Path) -> None:
    """Set the initial password before the first start; a generated one is kept git-ignored."""
    if (settings.instance_dir / "data" / "dbms").exists():
        return
    if settings.neo4j_password is not None:
        password = settings.neo4j_password.get_secret_value()
    elif settings.password_file.is_file():
        password = settings.password_file.read_text(encoding="utf-8").strip()
    else:
        password = new_password()
        settings.password_file.write_text(password + "\n", encoding="utf-8")
        settings.password_file.chmod(0o600)
    env = {
        **os.environ,
        "NEO4J_HOME": str(settings.instance_dir),
        "NEO4J_CONF": str(conf_file(settings).parent),
    }
    result = subprocess.run(
        java_command(settings, java, ADMIN_TOOL, "dbms", "set-initial-password", password),
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.instance_dir,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).splitlines()
        reason = next((line for line in output if "Exception" in line), "\n".join(output[-5:]))
        raise ServerError(
            f"could not set the initial Neo4j password: {reason}",
            hint=f"remove {settings.instance_dir} to start afresh",
        )


# --- Processes ------------------------------------------------------------------------------


def read_pid(settings: Settings) -> int | None:
    path = pid_file(settings)
    if not path.is_file():
        return None
    try:
        pid = int(path.read_text().strip())
    except ValueError:
        return None
    return pid if _is_our_server(pid, settings) else None


def _is_our_server(pid: int, settings: Settings) -> bool:
    """True when pid is alive and is the Neo4j JVM of this instance (not a recycled pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    text = [part.decode(errors="replace") for part in cmdline]
    return ENTRY_POINT in text and f"--home-dir={settings.instance_dir}" in text


def bolt_check(settings: Settings) -> tuple[bool, str | None, str | None, str]:
    """(answers, version, edition, detail) for the configured Bolt URI, with auth."""
    try:
        password = settings.password()
    except Exception as exc:
        return False, None, None, str(exc)
    try:
        with GraphDatabase.driver(
            settings.uri,
            auth=(settings.neo4j_user, password),
            connection_timeout=3,
            connection_acquisition_timeout=5,
            # One try: callers poll, and a refused connection would otherwise be retried for
            # 30 s before the first poll even returns (a server start or a bulk import waited
            # for that too).
            max_transaction_retry_time=0,
        ) as driver:
            records, _, _ = driver.execute_query(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition",
                database_="system",
                routing_="r",
            )
            return True, records[0]["v"], records[0]["edition"], ""
    except AuthError as exc:
        return False, None, None, f"authentication failed: {exc.message}"
    except (DriverError, Neo4jError, OSError) as exc:
        return False, None, None, str(exc) or type(exc).__name__


def docker_available() -> bool:
    """True when a Docker engine answers (not just the client)."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        return (
            subprocess.run(
                [docker, "info", "--format", "{{.ServerVersion}}"],
                capture_output=True,
                timeout=10,
                check=False,
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


def compose_command() -> list[str] | None:
    """`docker compose` (v2 plugin) or `docker-compose` (v1), whichever this machine has."""
    docker = shutil.which("docker")
    if docker is not None:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def _compose(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIPGRAPH_NEO4J_PASSWORD": settings.password()}
    compose = compose_command()
    if compose is None:
        raise ServerError(
            "a Docker engine answers but neither `docker compose` nor `docker-compose` exists",
            hint="install the Docker Compose plugin, or run `tipgraph db up --no-docker`",
        )
    return subprocess.run(
        [*compose, "-f", str(need_checkout("docker compose") / "docker-compose.yml"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def new_password() -> str:
    """A generated password. Hex, never URL-safe base64: one of those in 64 starts with `-`, which
    neo4j-admin reads as an option and refuses."""
    return secrets.token_hex(18)


def _ensure_docker_password(settings: Settings) -> None:
    if settings.neo4j_password is None and not settings.password_file.is_file():
        settings.instance_dir.mkdir(parents=True, exist_ok=True)
        settings.password_file.write_text(new_password() + "\n", encoding="utf-8")
        settings.password_file.chmod(0o600)


def up(settings: Settings, progress: Progress = _noop, *, use_docker: bool | None = None) -> str:
    """Start the server unless it already answers.

    Returns "running" when a server already answered, else how it was started: "maven" or "docker".
    """
    ok, _, _, _ = bolt_check(settings)
    if ok:
        return "running"
    if use_docker is None:
        # Compose builds from the checkout's docker-compose.yml; an installed tipgraph has none.
        use_docker = (
            settings.instance == "main" and find_checkout() is not None and docker_available()
        )
    if use_docker:
        _ensure_docker_password(settings)
        progress("starting Neo4j with docker compose")
        result = _compose(settings, "up", "-d", "neo4j")
        if result.returncode != 0:
            raise ServerError(f"docker compose up failed: {result.stderr.strip()[-800:]}")
        _wait_for_bolt(settings, pid=None)
        return "docker"
    assemble(settings, progress)
    java = find_java(settings)
    write_conf(settings)
    _ensure_password(settings, java)
    if read_pid(settings) is None:
        progress(f"starting Neo4j ({settings.instance}) on Java {_java_major(java)}")
        console = (settings.instance_dir / "logs" / "console.log").open("ab")
        process = subprocess.Popen(
            java_command(
                settings,
                java,
                ENTRY_POINT,
                f"--home-dir={settings.instance_dir}",
                f"--config-dir={conf_file(settings).parent}",
            ),
            cwd=settings.instance_dir,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in `make run` must not reach the database
        )
        console.close()
        pid_file(settings).write_text(f"{process.pid}\n")
    progress("waiting for Bolt to answer")
    _wait_for_bolt(settings, pid=read_pid(settings))
    return "maven"


def _wait_for_bolt(settings: Settings, pid: int | None) -> None:
    deadline = time.monotonic() + settings.start_timeout
    detail = ""
    while time.monotonic() < deadline:
        ok, _, _, detail = bolt_check(settings)
        if ok:
            return
        if pid is not None and not _is_our_server(pid, settings):
            raise ServerError(
                f"Neo4j exited while starting: see {log_file(settings)} and "
                f"{settings.instance_dir / 'logs' / 'console.log'}",
                hint="a port in use or a bad setting is the usual cause",
            )
        if detail.startswith("authentication failed"):
            raise ServerError(
                f"Neo4j at {settings.uri} refused the password: {detail}",
                hint=f"set TIPGRAPH_NEO4J_PASSWORD, or remove {settings.instance_dir} to reset",
            )
        time.sleep(1.0)
    raise ServerError(
        f"Neo4j did not answer on {settings.uri} within {settings.start_timeout:.0f}s "
        f"(last error: {detail}); see {log_file(settings)}",
        hint="raise TIPGRAPH_START_TIMEOUT on a slow machine",
    )


def down(settings: Settings, progress: Progress = _noop) -> bool:
    """Stop the server this project started (by its pid file); True if one was stopped."""
    pid = read_pid(settings)
    if pid is None:
        if settings.instance == "main" and docker_available():
            result = _compose(settings, "stop", "neo4j")
            return result.returncode == 0
        pid_file(settings).unlink(missing_ok=True)
        return False
    progress(f"stopping Neo4j ({settings.instance}, pid {pid})")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _is_our_server(pid, settings):
        time.sleep(0.5)
    if _is_our_server(pid, settings):
        os.kill(pid, signal.SIGKILL)
        time.sleep(1)
    pid_file(settings).unlink(missing_ok=True)
    return True


def status(settings: Settings) -> ServerStatus:
    pid = read_pid(settings)
    ok, version, edition, detail = bolt_check(settings)
    mode = "maven" if pid is not None else ("docker" if ok else "none")
    return ServerStatus(
        instance=settings.instance,
        mode=mode,
        pid=pid,
        running=pid is not None or ok,
        bolt_ok=ok,
        version=version,
        edition=edition,
        bolt_url=settings.uri,
        browser_url=settings.browser_url,
        log_file=log_file(settings),
        detail=detail,
    )


# --- Bulk import -------------------------------------------------------------------------------


def import_full(
    settings: Settings, nodes: list[Path], relationships: list[Path], progress: Progress = _noop
) -> None:
    """`neo4j-admin database import full` of these CSV files into the instance's database,
    replacing it: the caller has checked it was empty and stopped the server."""
    if read_pid(settings) is not None and _is_our_server(read_pid(settings) or 0, settings):
        raise ServerError("the server still runs; the import needs it stopped")
    java = find_java(settings)
    write_conf(settings)
    args = [
        "database",
        "import",
        "full",
        settings.neo4j_database,
        "--overwrite-destination=true",
        # One element separator no text of a report contains (checked when the files are
        # written), and quoted fields that may span lines (descriptions, notes).
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
        *[f"--nodes={p}" for p in nodes],
        *[f"--relationships={p}" for p in relationships],
    ]
    env = {
        **os.environ,
        "NEO4J_HOME": str(settings.instance_dir),
        "NEO4J_CONF": str(conf_file(settings).parent),
    }
    progress(f"importing {len(nodes)} node and {len(relationships)} relationship files")
    result = subprocess.run(
        java_command(settings, java, ADMIN_TOOL, *args),
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.instance_dir,
    )
    if result.returncode != 0 or "IMPORT DONE" not in result.stdout:
        output = (result.stdout + result.stderr).splitlines()
        reason = next((line for line in output if "Exception" in line or "rror" in line), "")
        raise ServerError(
            f"neo4j-admin import failed: {reason or ' / '.join(output[-5:])}",
            hint=f"the tool's report is in {settings.instance_dir}",
        )
