"""Values Rasa and scikit-learn compute anew at every message although they cannot change.

- `Domain.is_empty()` (Rasa asks at every parsed message, `_check_for_unseen_features`)
  builds a whole empty `Domain` to compare the domain with. The empty domain's dictionary
  is built once here and compared with the same way.
- `TfidfTransformer.transform` checks `hasattr(self, "idf_")`, and `idf_` is a property
  that sums the diagonal idf matrix (one column per feature: tens of thousands for the
  classifier's character n-grams) into a new vector. Here the vector is computed once per
  idf matrix (the matrix object a fitted transformer holds; fitting or setting `idf_`
  makes a new one) and each caller gets its own copy.

About 4% of the Rasa server's CPU per turn (py-spy, 2026-12-03).
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, Optional, Tuple

_empty_domain: Optional[Dict[str, Any]] = None


def is_empty(domain: Any) -> bool:
    """Rasa's `Domain.is_empty`: the domain's dictionary equals an empty domain's."""
    global _empty_domain
    if _empty_domain is None:
        from rasa.shared.core.domain import Domain

        _empty_domain = Domain.empty().as_dict()
    return bool(domain.as_dict() == _empty_domain)


# transformer -> (its idf matrix, the idf vector of that matrix)
_idf_vectors: "weakref.WeakKeyDictionary[Any, Tuple[Any, Any]]" = weakref.WeakKeyDictionary()


def _remembered_idf(original: property) -> property:
    def idf_(self: Any) -> Any:
        matrix = self._idf_diag  # unfitted: AttributeError, so hasattr(self, "idf_") is False as before
        known = _idf_vectors.get(self)
        if known is None or known[0] is not matrix:
            known = _idf_vectors[self] = (matrix, original.fget(self))  # type: ignore[misc]
        return known[1].copy()

    return property(idf_, original.fset, original.fdel, original.__doc__)


def install() -> None:
    from rasa.shared.core.domain import Domain
    from sklearn.feature_extraction.text import TfidfTransformer

    if Domain.is_empty is is_empty:
        return
    Domain.is_empty = is_empty  # type: ignore[method-assign]
    TfidfTransformer.idf_ = _remembered_idf(TfidfTransformer.idf_)  # type: ignore[attr-defined]
