"""Plain-Python twin of :mod:`engine.mechanisms.beliefs.kernel`."""

from __future__ import annotations


def update_beliefs(model, day: int) -> None:
    """Each belligerent smooths what it saw of the front and sheds some optimism."""
    talks = model.talks
    if not talks.on:
        return
    a = talks.spec.belief_rate
    for st in model.state_list:
        if not st.is_belligerent:
            continue
        seen = st.territory - st.last_territory
        st.last_territory = st.territory
        if model.ceasefire:
            continue
        rate = st.casualties_today / st.troops if st.troops > 0.0 else 0.0
        if day == 0:
            st.loss_rate = rate
        else:
            st.loss_rate += a * (rate - st.loss_rate)
        dev = seen - st.belief_trend
        st.belief_trend += a * dev
        st.belief_var = (1.0 - a) * (st.belief_var + a * dev * dev)
        st.belief_bias *= 1.0 - talks.spec.learning


def day(model, day: int) -> None:
    """MODEL step 6."""
    update_beliefs(model, day)
