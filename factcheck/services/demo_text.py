"""The demo article, written by the project team for the demo and tests (not copied from any outlet)."""

from __future__ import annotations

import datetime as dt

DEMO_TITLE = "Kremlin cools on Washington visit as Trump calls off second Putin meeting"
DEMO_OUTLET = "The Demo Ledger"
DEMO_AUTHOR = "Demo Desk"
DEMO_URL = "https://demo.example.org/world/kremlin-cools-on-washington-visit"
DEMO_PUBLISHED = dt.date(2018, 12, 9)

DEMO_TEXT = """\
Moscow, Dec 8: Relations between the Kremlin and the White House have cooled sharply in recent weeks, \
officials in both capitals said on Saturday.

US President Donald Trump has called off two planned meetings with Russian President Vladimir Putin in less \
than a month. A meeting in Paris, set for November 11 during the First World War centenary, was cancelled at \
short notice.

The second meeting, planned on the sidelines of the G20 summit in Buenos Aires, was called off hours before \
it was due to begin. Trump said the decision followed Russia's seizure of three Ukrainian navy ships near the \
Kerch Strait.

At the Helsinki summit in July, Trump invited Putin to visit Washington later in the year. On Friday, Kremlin \
spokesman Dmitry Peskov ruled out such a visit, saying no trip to Washington was being prepared.

Trump has also threatened to pull the United States out of the 1987 Intermediate-Range Nuclear Forces \
Treaty, accusing Moscow of violating it. "We will not accept a deal that only one side respects," a senior \
administration official told reporters.

A Russian lawmaker said relations were worse than at any point since the end of the Cold War. Analysts \
believe the mood could still change quickly.

According to Russian officials, the two leaders could meet next at the G20 summit in Japan in June 2019. \
Japan will host the summit in Osaka, and preparations are expected to begin early next year.

Is a thaw possible? Many in Moscow doubt it.
"""
