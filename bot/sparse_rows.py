"""scipy's `hstack` of one-row CSR matrices, built directly.

The linear classifier puts a message's two TF-IDF rows (lemmas, character n-grams) side by
side with `scipy.sparse.hstack` (bot/nlu/linear_classifier.py). For one row, scipy's
general block machinery (an object array of blocks, its fast path for CSR, then a second
stack of the single row-block, each result built and checked) cost about 0.15 ms, a thirtieth
of the Rasa server's CPU per turn (py-spy, 2026-12-04), to concatenate two short arrays.

Here CSR matrices of one row each, stacked without a format or type asked for, become the
matrix scipy's fast path makes (`_stack_along_minor_axis`): the values one after the other,
each block's column indices moved by the widths before it, in scipy's index type. Anything
else is scipy's own `hstack`.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import numpy as np
import scipy.sparse
from scipy.sparse import csr_matrix
from scipy.sparse._sputils import get_index_dtype

HStack = Callable[..., Any]
WRAPPED = "_madoguchi_one_row_hstack"


def one_row_beside(blocks: Sequence[csr_matrix]) -> csr_matrix:
    """The CSR matrices of one row each side by side (at least two of them)."""
    widths = [block.shape[1] for block in blocks]
    nnz = sum(len(block.indices) for block in blocks)
    index_type = get_index_dtype(maxval=max(sum(widths) - 1, nnz))
    data = np.concatenate([block.data for block in blocks])
    if data.size == 0:
        indices = np.empty(0, dtype=index_type)
    else:
        offsets = np.cumsum([0, *widths[:-1]])
        indices = np.concatenate(
            [block.indices.astype(index_type) + index_type(offset) for block, offset in zip(blocks, offsets)]
        )
    indptr = np.array([0, len(indices)], dtype=index_type)
    return csr_matrix((data, indices, indptr), shape=(1, sum(widths)))


def _one_row_blocks(blocks: Any) -> bool:
    return (
        isinstance(blocks, (list, tuple))
        and len(blocks) > 1
        and all(type(block) is csr_matrix and block.shape[0] == 1 for block in blocks)
    )


def hstack_of_rows(original: HStack) -> HStack:
    def hstack(blocks: Any, format: Optional[str] = None, dtype: Any = None) -> Any:
        if format is None and dtype is None and _one_row_blocks(blocks):
            return one_row_beside(blocks)
        return original(blocks, format, dtype)

    setattr(hstack, WRAPPED, True)
    hstack.__wrapped__ = original  # type: ignore[attr-defined]
    hstack.__doc__ = original.__doc__
    return hstack


def install() -> None:
    if getattr(scipy.sparse.hstack, WRAPPED, False):
        return
    scipy.sparse.hstack = hstack_of_rows(scipy.sparse.hstack)
