-- Every question the bot handled, and every 👍/👎 vote on an answer (SQLite).
CREATE TABLE IF NOT EXISTS questions (
    -- The Discord id of the message or interaction that asked (negative for imported lines).
    id          INTEGER PRIMARY KEY,
    -- Unix time in milliseconds.
    asked_at    INTEGER NOT NULL,
    guild_id    INTEGER,
    channel_id  INTEGER,
    -- How it came in: mention, dm, reply, auto, slash, menu, import.
    via         TEXT    NOT NULL,
    question    TEXT    NOT NULL,
    -- Lowercased, punctuation and extra spaces dropped: refused questions are grouped by it.
    normalized  TEXT    NOT NULL,
    answered    BOOLEAN NOT NULL,
    fact_id     TEXT,
    source_id   TEXT,
    confidence  REAL    NOT NULL,
    latency_us  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
CREATE INDEX IF NOT EXISTS questions_refused ON questions (answered, normalized);

CREATE TABLE IF NOT EXISTS votes (
    question_id INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    up          BOOLEAN NOT NULL,
    voted_at    INTEGER NOT NULL,
    -- Copied from the button, so a vote is useful even if its question was never stored.
    answered    BOOLEAN NOT NULL,
    fact_id     TEXT,
    PRIMARY KEY (question_id, user_id)
);
CREATE INDEX IF NOT EXISTS votes_voted_at ON votes (voted_at);

-- One-off imports done (the old refused.jsonl).
CREATE TABLE IF NOT EXISTS imports (
    name    TEXT PRIMARY KEY,
    done_at INTEGER NOT NULL
);
