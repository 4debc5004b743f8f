-- 18: paused interviews.
-- An interview paused to go on later on this machine (a resident called away). Its state
-- (the answers so far, the inspector's notes, the language) is encrypted under the
-- passphrase the inspector chose when pausing, bound to the response; beside it only what
-- the list shows: a number, the day, and how far it got. Nothing of the resident. The
-- response stays in progress meanwhile, and is not settled as abandoned at start-up.
CREATE TABLE paused (
    number INTEGER PRIMARY KEY CHECK (number >= 1),
    response_id TEXT NOT NULL UNIQUE REFERENCES response(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    done INTEGER NOT NULL CHECK (done >= 0),
    total INTEGER NOT NULL CHECK (total >= done),
    state TEXT NOT NULL CHECK (length(state) <= 200000)
);
