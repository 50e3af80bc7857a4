"""pyabc samplers whose proposals are seeded per job, so local and Dask fits agree bit for bit.

pyabc's samplers draw each proposal from numpy's global generator: the single-core
sampler from one stream (its state after however many draws came before), the Dask
sampler after reseeding every job from the operating system's entropy (``np.random.seed()``
in ``pyabc/sampler/eps_mixin.py``). Here job ``j`` of generation ``t`` reseeds numpy and
``random`` from a hash of ``(seed_key, t, j)`` before it proposes, and a generation is
made of jobs ``0, 1, ...`` up to the one that brings the n-th acceptance, in job order:
exactly what pyabc's Dask sampler keeps (its results are sorted by job id and cut at the
n-th accepted job, waiting for every earlier job). A job's result is then a function of
``(seed_key, t, j)`` and the fit's state alone, whichever process ran it and when, so the
single-core and the Dask sampler give the same generation. Only the count of
simulations run (recorded by pyabc as ``samples``) can differ under Dask, where jobs past
the n-th acceptance may already have run when it arrives.
"""

from __future__ import annotations

import hashlib
import random
from time import sleep

import cloudpickle
import numpy as np
from pyabc.sampler import DaskDistributedSampler, SingleCoreSampler


def job_seed(seed_key: str, t: int, job: int) -> int:
    """The 32-bit seed of job ``job`` of generation ``t`` (``t = -1``: the calibration sample)."""
    return int.from_bytes(hashlib.sha256(f"{seed_key}|{t}|{job}".encode()).digest()[:4], "big")


def _seed(s: int) -> None:
    np.random.seed(s)  # noqa: NPY002 -- pyabc proposes from numpy's global generator
    random.seed(s)


def _seeded_jobs(simulate_one_pickle: bytes, seeds: list[int], job_ids: list[int]) -> list[tuple]:
    """Worker side: run jobs, each after reseeding from its own seed (module level: picklable)."""
    simulate_one = cloudpickle.loads(simulate_one_pickle)
    out = []
    for s, j in zip(seeds, job_ids, strict=True):
        _seed(s)
        result = simulate_one()
        out.append((result, result.accepted, j))
    return out


class SeededSingleCoreSampler(SingleCoreSampler):
    """pyabc's single-core sampler with per-job seeds (module docstring).

    Attributes
    ----------
    seed_key : str
        Set by the caller for each fit (e.g. ``"1|all"``); generation and job are appended.
    """

    def __init__(self, seed_key: str = ""):
        super().__init__(check_max_eval=False)
        self.seed_key = seed_key

    def sample_until_n_accepted(
        self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None
    ):  # noqa: ARG002 -- pyabc's signature
        sample = self._create_empty_sample()
        job = 0
        while sample.n_accepted < n:
            _seed(job_seed(self.seed_key, t, job))
            sample.append(simulate_one())
            job += 1
        self.nr_evaluations_ = job
        return sample


class SeededDaskSampler(DaskDistributedSampler):
    """pyabc's Dask sampler with per-job seeds; otherwise pyabc's ``EPSMixin`` loop.

    Jobs are submitted in id order while fewer than ``n`` acceptances are in; once the
    n-th (by job id) is known, later jobs are cancelled and earlier ones awaited, and the
    generation is jobs ``0 .. nth`` in id order.
    """

    def __init__(self, dask_client, seed_key: str = ""):
        super().__init__(dask_client=dask_client, batch_size=1)
        self.seed_key = seed_key

    def sample_until_n_accepted(
        self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None
    ):  # noqa: ARG002 -- pyabc's signature
        pickled = cloudpickle.dumps(simulate_one)
        results: dict[int, tuple] = {}
        running: dict[int, object] = {}
        next_job = 0
        nth = None
        while True:
            for j, fut in list(running.items()):
                if fut.done():
                    for res in fut.result():
                        results[res[2]] = res
                    del running[j]
            accepted = sorted(j for j, r in results.items() if r[1])
            if len(accepted) >= n:
                nth = accepted[n - 1]
                for j in [j for j in running if j > nth]:
                    running.pop(j).cancel()
                if not running:
                    break
            else:
                free = int(min(self.client_max_jobs, self.client_cores())) - len(running)
                for _ in range(max(free, 0)):
                    running[next_job] = self.client.submit(
                        _seeded_jobs, pickled, [job_seed(self.seed_key, t, next_job)], [next_job], pure=False
                    )
                    next_job += 1
            sleep(0.01)
        sample = self._create_empty_sample()
        for j in range(nth + 1):
            sample.append(results[j][0])
        self.nr_evaluations_ = next_job
        return sample
