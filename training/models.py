"""Import every model so that metadata (and Alembic) knows all tables."""

from training.accounts.models import SocialAccount, SocialAccountChange
from training.assessments.drill_models import Drill, DrillItem, DrillReply, DrillScenario
from training.assessments.models import (
    AssessmentAttempt,
    AssessmentScore,
    Competency,
    CourseCompetency,
)
from training.attendance.models import AbsenceWarning, Attendance, AttendanceSignoff
from training.audit.models import AuditEntry
from training.auth.codes import SignInCode
from training.auth.models import ApiToken, User, UserRole
from training.calendar.models import CalendarFeed
from training.certificates.models import Certificate, OutboxMessage
from training.jobs.models import Job
from training.learning.feedback_models import (
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackResponse,
    FeedbackTemplate,
)
from training.learning.materials_models import (
    CourseMaterialSettings,
    MaterialItem,
    MaterialModule,
    MaterialProgress,
)
from training.learning.models import (
    Question,
    QuestionBank,
    QuestionChoice,
    QuestionTag,
    Quiz,
    QuizAttempt,
    QuizBands,
    QuizSlot,
)
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.notifications.models import Notification, NotificationPreference
from training.people.models import Person
from training.programs.models import Course, CourseStatus, Cycle, OverrideRecord, Program
from training.readiness.models import (
    ReadinessCache,
    ReadinessSnapshot,
    ReadinessThresholds,
    ReadinessVersion,
)
from training.responses.models import Mention, MentionDay, ResponseTarget
from training.sessions.enrollments import Enrollment
from training.sessions.models import SessionSeries, SessionTrainer, TrainingSession
from training.signoff.models import ReadinessReport, ReportAttachment, ReportStep
from training.units.models import Unit

__all__ = [
    "AbsenceWarning",
    "AssessmentAttempt",
    "AssessmentScore",
    "Attendance",
    "AttendanceSignoff",
    "AuditEntry",
    "Competency",
    "CourseCompetency",
    "Drill",
    "DrillItem",
    "DrillReply",
    "DrillScenario",
    "ApiToken",
    "CalendarFeed",
    "Certificate",
    "Course",
    "CourseMaterialSettings",
    "CourseStatus",
    "Cycle",
    "Enrollment",
    "FeedbackAnswer",
    "FeedbackQuestion",
    "FeedbackReceipt",
    "FeedbackResponse",
    "FeedbackTemplate",
    "Job",
    "MaterialItem",
    "MaterialModule",
    "MaterialProgress",
    "Mention",
    "MentionDay",
    "Notification",
    "OnlineEnrolment",
    "OnlineOffering",
    "NotificationPreference",
    "OutboxMessage",
    "OverrideRecord",
    "Person",
    "Program",
    "Question",
    "QuestionBank",
    "QuestionChoice",
    "QuestionTag",
    "Quiz",
    "QuizAttempt",
    "QuizBands",
    "QuizSlot",
    "ResponseTarget",
    "ReadinessCache",
    "ReadinessReport",
    "ReadinessSnapshot",
    "ReadinessThresholds",
    "ReadinessVersion",
    "ReportAttachment",
    "ReportStep",
    "SessionSeries",
    "SocialAccount",
    "SocialAccountChange",
    "SessionTrainer",
    "SignInCode",
    "TrainingSession",
    "Unit",
    "User",
    "UserRole",
]
