"""Our own short wire stories about events, for the event tests (made up; dates of early 2019)."""

from __future__ import annotations

import datetime as dt

# Two stories about one meeting that disagree on its date.
MEETING_12 = (
    "Berlin, March 4: German Chancellor Angela Merkel and French President Emmanuel Macron will meet in Aachen "
    "on March 12, officials said on Monday."
)
MEETING_14 = (
    "Paris, March 5: French President Emmanuel Macron is due to meet German Chancellor Angela Merkel in Aachen "
    "on March 14, the Elysee said."
)
MEETING_DAYS = (dt.date(2019, 3, 4), dt.date(2019, 3, 5))

# A visit confirmed, then cancelled.
VISIT_CONFIRMED = (
    "Moscow, Jan 10: The Kremlin confirmed that Russian President Vladimir Putin will visit Belgrade on January 17."
)
VISIT_CANCELLED = (
    "Moscow, Jan 15: Russian President Vladimir Putin has cancelled his visit to Belgrade, planned for January 17, "
    "the Kremlin said."
)
VISIT_DAYS = (dt.date(2019, 1, 10), dt.date(2019, 1, 15))

# A vote set for a day, then postponed to a later one.
VOTE_SET = "Berlin, Feb 20: The Bundestag will vote on the pension bill on March 3, the speaker said."
VOTE_POSTPONED = (
    "Berlin, Feb 28: The Bundestag has postponed the vote on the pension bill to March 17, the speaker said."
)
VOTE_DAYS = (dt.date(2019, 2, 20), dt.date(2019, 2, 28))

# Nothing to do with any of them.
UNRELATED = "Rome, March 6: Italian Prime Minister Giuseppe Conte met Pope Francis in Rome on March 6."
