from oversight.models.deliberation import (  # noqa: F401
    DeliberationOpinion,
    Escalation,
    FollowUpReport,
    HandlingPlan,
    OpinionItem,
    ReportAttachment,
)
from oversight.models.handling import Assignment, ContactRecord, CoOpinion, ExtensionRequest
from oversight.models.people import Delegation, Deputy, Unit, UnitMember, User
from oversight.models.replies import Attachment, Commitment, CommitmentProgress, Feedback, Reply
from oversight.models.sessions import Session, SuggestionCategory, Term
from oversight.models.stats import AssignmentFacts, CommitmentFacts, StatsCell
from oversight.models.suggestions import Suggestion
from oversight.models.supervision import ProgressReport, SupervisionAction
from oversight.models.vote_decisions import VoteDecision  # noqa: F401
from oversight.models.voting import (  # noqa: F401
    Participation,
    SealedBallot,
    VoteChoice,
    VotingItem,
    VotingRound,
)

__all__ = [
    "Assignment",
    "AssignmentFacts",
    "Attachment",
    "CoOpinion",
    "Commitment",
    "CommitmentFacts",
    "CommitmentProgress",
    "ContactRecord",
    "Delegation",
    "Deputy",
    "ExtensionRequest",
    "Feedback",
    "ProgressReport",
    "Reply",
    "Session",
    "StatsCell",
    "Suggestion",
    "SuggestionCategory",
    "SupervisionAction",
    "Term",
    "Unit",
    "UnitMember",
    "User",
]
