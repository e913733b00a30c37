"""The claim extractor used everywhere claims are needed (pipeline, Label Studio push, ML backend):
rules, plus the shipped model when one is loaded, merged."""

from __future__ import annotations

from typing import Optional, Sequence

from service.record import Claim, Section


def extract_claims(
    text: str,
    sections: Optional[Sequence[Section]] = None,
    exclude_spans: Sequence[tuple[int, int]] = (),
    model: object | None = None,
) -> list[Claim]:
    """Claims in `text` (normalised). `exclude_spans` are regions (tables) where no claim may lie."""
    from service.claims.rules import find_claims

    claims = find_claims(text, sections=sections, exclude_spans=exclude_spans)
    if model is not None:
        from service.claims.merge import merge, model_focus

        # the model runs only where its claims can change the merged result (merge.model_focus)
        focus = model_focus(claims)
        claims = merge(claims, model.predict(text, sections=sections, exclude_spans=exclude_spans, focus=focus))
    return claims
