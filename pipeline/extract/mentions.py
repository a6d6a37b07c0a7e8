"""The record every event extractor produces: one mention of a fact in one sentence."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields


@dataclass
class FactMention:
    fact_type: str                      # agreement | visit | sanction
    sentence_index: int
    start_char: int                     # offsets of the sentence in the cleaned body
    end_char: int
    trigger_text: str
    status: str | None = None
    negated: bool = False
    party_codes: list[str] = field(default_factory=list)
    subject: str | None = None
    subject_key: str | None = None
    value_usd: float | None = None
    event_date: dt.date | None = None
    date_precision: str | None = None
    visitor_name: str | None = None
    visitor_country_code: str | None = None
    host_country_code: str | None = None
    city: str | None = None
    imposer_code: str | None = None
    target_code: str | None = None
    legal_basis: str | None = None
    reason: str | None = None

    def mention_id(self, article_id: str) -> str:
        """Stable id: the same article, sentence and roles always give the same id. Two visitors of one country
        in one sentence ("Ghani and Abdullah arrived in Washington") are two mentions."""
        roles = (article_id, self.fact_type, self.sentence_index, self.trigger_text, self.status,
                 ",".join(self.party_codes), self.visitor_country_code, self.host_country_code,
                 self.imposer_code, self.target_code)
        if self.visitor_name:
            roles += (self.visitor_name,)
        return hashlib.sha256(repr(roles).encode()).hexdigest()[:20]

    def as_row(self, article_id: str) -> dict[str, object]:
        # Not `dataclasses.asdict`: deep-copying every value cost more than finding the mention.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {"mention_id": self.mention_id(article_id), "article_id": article_id, **values,
                "party_codes": list(self.party_codes)}
