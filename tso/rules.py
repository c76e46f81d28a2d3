"""Who may print the combined reports of a school.

The progress report (tso/progress_report.py) is the werkgroep's document: the
people who run the implementation print it (kartrekkers, werkgroepleden, the
schoolleiding and trainers). Board members print it too, for the schools of
their board, and then get only what they may see anyway: the agreed
Ontwikkelmodel results, the actieplan's goals and progress without meetings,
the decisions and afspraken of the voorgesprekken, and checklist agreements
only of rounds the school shared with the board. Teamleden read the short
version the werkgroep hands out; they do not print it themselves.
"""

import rules

from schools.models import Role

prints_progress_report = rules.predicate(
    lambda user, access: (
        access is not None
        and (
            access.has_role(
                Role.KARTREKKER, Role.WERKGROEPLID, Role.SCHOOLLEIDER, Role.MT_LID, Role.TRAINER
            )
            or access.is_board_reader
        )
    ),
    name="prints_progress_report",
)

rules.add_perm("tso.print_progress_report", prints_progress_report)
