# whynot in a container: the README's two commands, install then run. With no credentials
# and no config `bot.py` plays the demo; with X or Discord variables (--env-file .env), or a
# config mounted, it runs the bot (which names the variables missing).
# docs/operations.md ("A container") shows the volumes for the database and your config.
FROM python:3.11-slim

RUN useradd --create-home --uid 10001 whynot
WORKDIR /app
COPY requirements.txt ./
RUN python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt
COPY . .

# The database (and its lock file) outside the image, in a volume that outlives it.
ENV WHYNOT_DB=/var/lib/whynot/whynot.db PYTHONUNBUFFERED=1
RUN mkdir -p /var/lib/whynot && chown whynot /var/lib/whynot
VOLUME /var/lib/whynot
USER whynot

# A set-up mistake (rejected credentials, a config typo: exit status 2 under systemd, which
# RestartPreventExitStatus=2 leaves stopped) makes `run` wait for `docker stop` instead,
# its line the log's last: a restart policy would start it again forever, to no end.
ENV WHYNOT_ON_SETUP_MISTAKE=wait

CMD [".venv/bin/python", "bot.py"]
