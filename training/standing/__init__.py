"""Course standing (layer 5, results): each person's CourseStatus and absence warnings kept
current from attendance, assessments, enrolment and sessions, and ``flask refresh-standing``.

The cascade gate, which only reads CourseStatus, stays in ``training.programs.cascade``.
"""
