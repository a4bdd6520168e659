"""Optimizers: two steps worked by hand each, the slide's conventions against torch's and the
heavy-ball form, convergence on a quadratic and on Rosenbrock, saving/resuming, bad input."""

import numpy as np
import pytest

import lecture_nn as ln
from lecture_nn import SGD, Adam, Momentum, Parameter, RMSprop
from lecture_nn.surfaces import quadratic, run_optimizer

THETA0 = [1.0, 2.0]
G1, G2 = np.array([0.5, -1.0]), np.array([1.5, 2.0])


def two_steps(optimizer_cls, **hp):
    """theta after one and after two steps with the fixed gradients G1, then G2."""
    p = Parameter(np.array(THETA0), "theta")
    opt = optimizer_cls([p], **hp)
    out = []
    for g in (G1, G2):
        p.grad = g.copy()
        opt.step()
        out.append(p.value.copy())
    return out, opt, p


def test_sgd_two_steps_by_hand():
    (t1, t2), _, _ = two_steps(SGD, lr=0.1)
    # theta1 = (1, 2) - 0.1 (0.5, -1) = (0.95, 2.1)
    assert np.allclose(t1, [0.95, 2.1], rtol=1e-15)
    # theta2 = (0.95, 2.1) - 0.1 (1.5, 2) = (0.8, 1.9)
    assert np.allclose(t2, [0.8, 1.9], rtol=1e-15)


def test_momentum_two_steps_by_hand():
    (t1, t2), opt, p = two_steps(Momentum, lr=0.1, beta=0.9)
    # m1 = 0.9*0 + 0.1 (0.5, -1) = (0.05, -0.1); theta1 = (1, 2) - 0.1 m1 = (0.995, 2.01)
    assert np.allclose(t1, [0.995, 2.01], rtol=1e-15)
    # m2 = 0.9 (0.05, -0.1) + 0.1 (1.5, 2) = (0.195, 0.11); theta2 = (0.995 - 0.0195, 2.01 - 0.011)
    assert np.allclose(t2, [0.9755, 1.999], rtol=1e-15)
    assert np.allclose(opt.state[p]["m"], [0.195, 0.11], rtol=1e-15)


def test_rmsprop_two_steps_by_hand():
    (t1, t2), opt, p = two_steps(RMSprop, lr=0.1, beta=0.9, eps=0.0)
    # s1 = 0.1 (0.25, 1) = (0.025, 0.1); steps 0.1 * 0.5/sqrt(0.025) = 0.1 * 1/sqrt(0.1) = 0.1 sqrt(10)
    assert np.allclose(t1, [1 - 0.1 * np.sqrt(10), 2 + 0.1 * np.sqrt(10)], rtol=1e-15)
    # s2 = 0.9 (0.025, 0.1) + 0.1 (2.25, 4) = (0.2475, 0.49); steps 0.1 * 1.5/sqrt(0.2475), 0.1 * 2/0.7
    assert np.allclose(opt.state[p]["s"], [0.2475, 0.49], rtol=1e-15)
    assert np.allclose(t2, t1 - [0.1 * 1.5 / np.sqrt(0.2475), 0.1 * 2 / 0.7], rtol=1e-15)


def test_rmsprop_eps_sits_inside_the_root_as_on_the_slide():
    p = Parameter(np.array([0.0]))
    opt = RMSprop([p], lr=1.0, beta=0.9, eps=1e-8)
    p.grad = np.array([1e-6])
    opt.step()
    # s = 0.1 * 1e-12 = 1e-13; slide: 1e-6 / sqrt(1e-13 + 1e-8) = 0.0099999...
    assert p.value[0] == pytest.approx(-1e-6 / np.sqrt(1e-13 + 1e-8), rel=1e-12)
    # torch's eps outside the root would have stepped 1e-6 / (sqrt(1e-13) + 1e-8) = 3.07
    assert abs(p.value[0]) < 0.011


def test_adam_two_steps_by_hand():
    (t1, t2), opt, p = two_steps(Adam, lr=0.1, beta1=0.9, beta2=0.999, eps=0.0)
    # m1 = 0.1 G1, s1 = 0.001 G1^2; m_hat = m1 / 0.1 = G1, s_hat = s1 / 0.001 = G1^2
    # theta1 = theta0 - 0.1 G1 / |G1| = (1 - 0.1, 2 + 0.1)
    assert np.allclose(t1, [0.9, 2.1], rtol=1e-15)
    # m2 = 0.9 m1 + 0.1 G2 = (0.195, 0.11); s2 = 0.999 s1 + 0.001 G2^2 = (0.00249975, 0.004999)
    assert np.allclose(opt.state[p]["m"], [0.195, 0.11], rtol=1e-14)
    assert np.allclose(opt.state[p]["s"], [0.00249975, 0.004999], rtol=1e-14)
    # bias corrections 1 - 0.9^2 = 0.19 and 1 - 0.999^2 = 0.001999
    m_hat = np.array([0.195, 0.11]) / 0.19
    s_hat = np.array([0.00249975, 0.004999]) / 0.001999
    assert np.allclose(t2, t1 - 0.1 * m_hat / np.sqrt(s_hat), rtol=1e-14)
    assert opt.t == 2


def test_adam_first_step_has_size_lr_in_every_component():
    p = Parameter(np.array([0.0, 0.0, 0.0]))
    opt = Adam([p], lr=0.01)
    p.grad = np.array([1e-3, -50.0, 3.0])
    opt.step()
    assert np.allclose(p.value, [-0.01, 0.01, -0.01], rtol=1e-4)


def test_adam_without_bias_correction_would_start_three_times_too_large():
    # the correction is what makes step 1 equal lr: uncorrected it is lr * 0.1 / sqrt(0.001) = 3.16 lr
    p = Parameter(np.array([0.0]))
    opt = Adam([p], lr=0.01)
    p.grad = np.array([2.0])
    opt.step()
    uncorrected = 0.01 * (0.1 * 2.0) / (np.sqrt(0.001 * 4.0) + 1e-8)
    assert abs(p.value[0]) == pytest.approx(0.01, rel=1e-6) and uncorrected == pytest.approx(0.0316, rel=1e-2)


def test_heavy_ball_and_cs231n_momentum_are_the_ema_form_with_rescaled_lr():
    surface, steps, lr, beta = quadratic(10), 60, 0.02, 0.9
    # heavy ball (torch SGD momentum): v = beta v + g, theta -= lr v
    theta, v, heavy = np.array(surface.start), np.zeros(2), []
    for _ in range(steps):
        v = beta * v + surface.grad(theta)
        theta = theta - lr * v
        heavy.append(theta)
    # cs231n: v = mu v - lr g, theta += v
    theta, v, cs231n = np.array(surface.start), np.zeros(2), []
    for _ in range(steps):
        v = beta * v - lr * surface.grad(theta)
        theta = theta + v
        cs231n.append(theta)
    ema = run_optimizer(surface, Momentum, steps=steps, lr=lr / (1 - beta), beta=beta).path[1:]
    assert np.allclose(ema, heavy, rtol=1e-10, atol=1e-12)
    assert np.allclose(ema, cs231n, rtol=1e-10, atol=1e-12)
    p = Parameter(np.array(surface.start))
    opt = Momentum.from_heavy_ball([p], lr=lr, beta=beta)
    assert opt.lr == pytest.approx(lr / (1 - beta))


@pytest.mark.parametrize("optimizer_cls, hp, tol", [
    (SGD, dict(lr=0.15), 1e-8),
    (Momentum, dict(lr=0.15, beta=0.9), 1e-5),
    (RMSprop, dict(lr=0.005), 1e-2),  # a constant-lr RMSprop ends jittering within ~lr of the minimum
    (Adam, dict(lr=0.1), 1e-5),
])
def test_converges_on_an_ill_conditioned_quadratic(optimizer_cls, hp, tol):
    run = run_optimizer(quadratic(10), optimizer_cls, steps=2000, **hp)
    assert run.diverged_at is None
    assert np.linalg.norm(run.path[-1]) < tol


@pytest.mark.parametrize("optimizer_cls, hp, steps, tol", [
    (SGD, dict(lr=1.5e-3), 20000, 1e-4),
    (Momentum, dict(lr=1e-2, beta=0.9), 5000, 1e-6),
    (RMSprop, dict(lr=1e-3), 10000, 5e-3),
    (Adam, dict(lr=2e-2), 3000, 1e-4),
])
def test_converges_on_rosenbrock(optimizer_cls, hp, steps, tol):
    run = run_optimizer("rosenbrock", optimizer_cls, steps=steps, **hp)
    assert np.linalg.norm(run.path[-1] - [1, 1]) < tol


def test_same_trajectory_as_torch_adam():
    # printed by torch 2.13: torch.optim.Adam([theta], lr=0.1), theta = (-4.5, 2) in float64,
    # theta.grad set to the gradient of quadratic(10) before each of five steps
    torch_path = [[-4.400000000222223, 1.90000000005],
                  [-4.300064883411545, 1.8001664857113877],
                  [-4.200239834959377, 1.7006233914339461],
                  [-4.100571398958007, 1.6015048944653312],
                  [-4.001107398523101, 1.502955780256633]]
    run = run_optimizer(quadratic(10), Adam, x0=(-4.5, 2.0), steps=5, lr=0.1)
    assert np.allclose(run.path[1:], torch_path, rtol=1e-14, atol=0)


# --- state, saving, resuming -----------------------------------------------------------------

@pytest.mark.parametrize("optimizer_cls, hp", [
    (SGD, dict(lr=0.01)), (Momentum, dict(lr=0.01)), (RMSprop, dict(lr=0.01)), (Adam, dict(lr=0.01))])
def test_state_dict_round_trip_resumes_the_exact_same_trajectory(optimizer_cls, hp):
    surface = quadratic(5)

    def run(p, opt, n):
        for _ in range(n):
            p.grad = surface.grad(p.value)
            opt.step()

    p = Parameter(np.array([2.0, 1.0]))
    opt = optimizer_cls([p], **hp)
    run(p, opt, 10)
    saved_theta, saved_state = p.value.copy(), opt.state_dict()
    run(p, opt, 10)
    straight = p.value.copy()

    q = Parameter(saved_theta)
    resumed = optimizer_cls([q], lr=0.5)  # other hyperparameters: the state brings the saved ones
    resumed.load_state_dict(saved_state)
    run(q, resumed, 10)
    assert np.array_equal(q.value, straight)
    assert resumed.t == opt.t == 20 and resumed.lr == 0.01


def test_state_is_visible_per_parameter_and_step_counter_is_shared():
    model = ln.mlp([2, 3, 1], rng=0)
    opt = Adam(model.parameters())
    W1 = model.parameters()[0]
    assert set(opt.state[W1]) == {"m", "s"} and opt.state[W1]["m"].shape == (3, 2)
    assert np.all(opt.state[W1]["m"] == 0) and opt.t == 0


def test_learning_rate_can_change_between_steps():
    p = Parameter(np.array([1.0]))
    opt = SGD([p], lr=0.1)
    p.grad = np.array([1.0])
    opt.step()
    opt.lr = 0.5
    opt.step()
    assert p.value[0] == pytest.approx(1 - 0.1 - 0.5)
    with pytest.raises(ValueError, match="lr must be a positive finite number, got -1"):
        opt.lr = -1


def test_a_parameter_given_a_new_array_is_still_updated():
    model = ln.mlp([2, 2, 1], rng=0)
    opt = SGD(model.parameters(), lr=1.0)
    W1 = model.parameters()[0]
    W1.value = np.zeros((2, 2))  # a student resets a weight by assignment
    for p in model.parameters():
        p.grad = np.ones_like(p.value)
    opt.step()
    assert np.array_equal(W1.value, -np.ones((2, 2)))


def test_array_hyperparameters_run_independent_copies():
    # lr of shape (3, 1) against a (3, 2) parameter: three runs in one optimizer
    p = Parameter(np.ones((3, 2)))
    opt = SGD([p], lr=np.array([[0.1], [0.2], [0.3]]))
    p.grad = np.ones((3, 2))
    opt.step()
    assert np.allclose(p.value, [[0.9, 0.9], [0.8, 0.8], [0.7, 0.7]])
    with pytest.raises(ValueError, match=r"lr of shape \(4,\) does not broadcast against a parameter "
                                         r"of shape \(3, 2\)"):
        SGD([p], lr=np.ones(4) * 0.1)


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("optimizer_cls", [SGD, Momentum, RMSprop, Adam])
@pytest.mark.parametrize("lr", [0, -0.1, np.inf, np.nan, "fast", None])
def test_invalid_learning_rate(optimizer_cls, lr):
    with pytest.raises(ValueError, match="lr must be a"):
        optimizer_cls([Parameter(np.zeros(2))], lr=lr)


@pytest.mark.parametrize("optimizer_cls, name", [
    (Momentum, "beta"), (RMSprop, "beta"), (Adam, "beta1"), (Adam, "beta2")])
@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_invalid_beta(optimizer_cls, name, beta):
    with pytest.raises(ValueError, match=rf"{name} must be in \[0, 1\), got {beta:g}"):
        optimizer_cls([Parameter(np.zeros(2))], lr=0.1, **{name: beta})


@pytest.mark.parametrize("optimizer_cls", [RMSprop, Adam])
def test_invalid_eps_and_eps_zero_is_safe(optimizer_cls):
    with pytest.raises(ValueError, match="eps must be >= 0, got -1e-08"):
        optimizer_cls([Parameter(np.zeros(2))], lr=0.1, eps=-1e-8)
    p = Parameter(np.zeros(2))
    opt = optimizer_cls([p], lr=0.1, eps=0.0)
    p.grad = np.array([0.0, 1.0])  # a component that never got a gradient: no 0/0
    opt.step()
    assert np.isfinite(p.value).all() and p.value[0] == 0.0


@pytest.mark.parametrize("optimizer_cls", [SGD, Momentum, RMSprop, Adam])
def test_empty_parameter_list_and_wrong_objects(optimizer_cls):
    with pytest.raises(ValueError, match="empty parameter list"):
        optimizer_cls([], lr=0.1)
    with pytest.raises(ValueError, match="expects Parameter objects, got ndarray at position 0"):
        optimizer_cls([np.zeros(2)], lr=0.1)


@pytest.mark.parametrize("optimizer_cls", [SGD, Momentum, RMSprop, Adam])
def test_missing_or_misshapen_gradient(optimizer_cls):
    model = ln.mlp([2, 3, 1], rng=0)
    opt = optimizer_cls(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"parameter W has no gradient \(grad is None\); run model.backward"):
        opt.step()
    for p in model.parameters():
        p.grad = np.zeros_like(p.value)
    model.parameters()[1].grad = np.zeros(4)
    with pytest.raises(ValueError, match=r"parameter b of shape \(3,\) got a gradient of shape \(4,\)"):
        opt.step()


def test_loading_a_state_of_another_optimizer_or_shape():
    p = Parameter(np.zeros(2))
    state = Adam([p]).state_dict()
    with pytest.raises(ValueError, match="cannot load a Adam state into Momentum"):
        Momentum([p], lr=0.1).load_state_dict(state)
    with pytest.raises(ValueError, match=r"state 'm' of parameter 0.*shape \(2,\) in the saved state, "
                                         r"the parameter has \(3,\)"):
        Adam([Parameter(np.zeros(3))]).load_state_dict(state)


# --- the readable rule and the fast path -------------------------------------------------------------

def _run(cls, fast, dtype=np.float64, steps=6, **hp):
    """Parameters and state after ``steps`` steps of random gradients (some components always 0)."""
    previous, ln.Optimizer.fast = ln.Optimizer.fast, fast
    try:
        rng = np.random.default_rng(1)
        params = [Parameter(rng.standard_normal((5, 3)).astype(dtype)), Parameter(rng.standard_normal(5).astype(dtype))]
        if isinstance(hp.get("lr"), np.ndarray):  # (5, 1): a learning rate per row, which the (5,) bias cannot take
            params = params[:1]
        opt = cls(params, **{"lr": 0.01, **hp})
        for _ in range(steps):
            for p in params:
                p.grad = rng.standard_normal(p.value.shape).astype(dtype)
                p.grad[0] = 0
            opt.step()
        return [p.value.copy() for p in params] + [a.copy() for p in params for a in opt.state[p].values()]
    finally:
        ln.Optimizer.fast = previous


@pytest.mark.parametrize("name", list(ln.OPTIMIZERS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("hp", [{}, {"eps": 0.0}, {"lr": np.array([[0.01], [0.1], [0.03], [1.0], [2.0]])}],
                         ids=["defaults", "eps=0", "one lr per row"])
def test_the_fast_path_gives_the_readable_rule_bit_for_bit(name, dtype, hp):
    cls = ln.OPTIMIZERS[name]
    if "eps" in hp and "eps" not in cls.hyperparameters:
        pytest.skip(f"{name} has no eps")
    if cls.fast_update is None:
        pytest.skip(f"{name} has no fast path: it always runs its readable rule")
    fast, readable = _run(cls, True, dtype, **hp), _run(cls, False, dtype, **hp)
    for a, b in zip(fast, readable):
        assert a.dtype == dtype and np.array_equal(a, b)
        assert np.isfinite(a).all()  # eps = 0: a component without a gradient gets no step, not 0/0


def test_a_rule_that_returns_nothing_is_refused_and_changes_nothing():
    class Forgetful(ln.Optimizer):
        hyperparameters = {"lr": ln.optim.LEARNING_RATE}

        @staticmethod
        def update(theta, g, state, *, lr):
            theta = theta - lr * g  # a new array, never returned: today that would change nothing, silently

    p = Parameter(np.ones(2))
    opt = Forgetful([p], lr=0.1)
    p.grad = np.ones(2)
    with pytest.raises(ln.UsageError, match=r"Forgetful.update must return \(theta, state\).*changes nothing"):
        opt.step()
    assert opt.t == 0 and p.value.tolist() == [1.0, 1.0]


def test_a_rule_written_with_new_arrays_updates_the_parameters_and_the_state():
    class Averaged(ln.Optimizer):  # SGD on a running mean of g, written as a student would
        hyperparameters = {"lr": ln.optim.LEARNING_RATE, "beta": ln.optim.BETA_M}
        state_names = ("m",)

        @staticmethod
        def update(theta, g, state, *, lr, beta):
            m = beta * state["m"] + (1 - beta) * g
            theta = theta - lr * m
            return theta, {"m": m}

        def __init__(self, params, lr, beta=0.5):
            super().__init__(params, lr=lr, beta=beta)

    p = Parameter(np.array([1.0, -2.0]))
    opt = Averaged([p], lr=0.1)
    p.grad = np.array([2.0, 4.0])
    opt.step()
    # m = 0.5 * 0 + 0.5 * g = [1, 2]; theta = [1, -2] - 0.1 * [1, 2] = [0.9, -2.2]
    assert np.allclose(opt.state[p]["m"], [1.0, 2.0]) and np.allclose(p.value, [0.9, -2.2])
    assert "Averaged" not in ln.OPTIMIZERS  # only lecture_nn.optim's own optimizers join the explorers
    assert Averaged._fast_update is None


def test_a_subclass_with_its_own_rule_never_runs_the_parents_fast_path():
    class Slower(ln.SGD):
        @staticmethod
        def update(theta, g, state, *, lr):
            return theta - lr * g / 2, state

    p = Parameter(np.zeros(1))
    opt = Slower([p], lr=1.0)
    p.grad = np.ones(1)
    opt.step()
    assert p.value.tolist() == [-0.5]


def test_the_slides_four_have_a_fast_path():
    assert all(ln.OPTIMIZERS[name].fast_update is not None for name in ("SGD", "Momentum", "RMSprop", "Adam"))


def test_optimizers_lists_the_slides_four_in_order_with_their_colours():
    assert list(ln.OPTIMIZERS) == ["SGD", "Momentum", "RMSprop", "Adam"]
    assert len({cls.color for cls in ln.OPTIMIZERS.values()}) == 4
    assert ln.Adam.hyperparameters["beta1"] is ln.Momentum.hyperparameters["beta"]  # one concept, one control
    assert ln.Adam.hyperparameters["beta2"] is ln.RMSprop.hyperparameters["beta"]


def test_hyperparameters_are_checked_by_what_they_are_not_by_their_names():
    from lecture_nn.optim import Hyperparameter

    class Flagged(ln.Optimizer):  # a flag and a "momentum" in [0, 1): the name alone says neither
        hyperparameters = {"lr": ln.optim.LEARNING_RATE, "momentum": ln.optim.BETA_M,
                           "nesterov": Hyperparameter("nesterov", "look ahead", flag=True)}
        state_names = ()

        @staticmethod
        def update(theta, g, state, *, lr, momentum, nesterov):
            return theta - lr * g, state

    p = Parameter(np.zeros(2))
    with pytest.raises(ln.InputError, match=r"Flagged: momentum must be in \[0, 1\), got 5"):
        Flagged([p], lr=0.1, momentum=5.0, nesterov=False)
    with pytest.raises(ln.InputError, match=r"Flagged: nesterov must be True or False, got the string 'False'"):
        Flagged([p], lr=0.1, momentum=0.5, nesterov="False")
    opt = Flagged([p], lr=0.1, momentum=0.5, nesterov=True)
    assert opt.nesterov is True
    with pytest.raises(ln.InputError, match="nesterov must be True or False, got 1"):
        opt.nesterov = 1
    saved = opt.state_dict()
    opt.nesterov = False
    opt.load_state_dict(saved)
    assert opt.nesterov is True


def test_optimizers_are_built_and_set_from_explorer_controls():
    controls = {"lr": 0.05, "beta": 0.8, "beta2": 0.95, "steps": 10}
    built = {name: cls.from_controls([Parameter(np.zeros(2))], controls) for name, cls in ln.OPTIMIZERS.items()}
    assert repr(built["SGD"]) == "SGD(lr=0.05)"
    assert repr(built["Momentum"]) == "Momentum(lr=0.05, beta=0.8)"
    assert repr(built["RMSprop"]) == "RMSprop(lr=0.05, beta=0.95, eps=1e-08)"
    assert repr(built["Adam"]) == "Adam(lr=0.05, beta1=0.8, beta2=0.95, eps=1e-08)"
    built["Adam"].set_controls({"beta2": 0.5, "noise": 1.0})
    assert built["Adam"].beta2 == 0.5 and built["Adam"].beta1 == 0.8


# --- nothing ignored, nothing half done --------------------------------------------------------------

def test_a_hyperparameter_the_optimizer_does_not_have_is_refused_not_ignored():
    # adam.beta = 0.5 and opt.learning_rate = 0.01 used to change nothing, without a word
    opt = Adam([Parameter(np.zeros(2))], lr=0.01)
    with pytest.raises(ln.InputError, match=r"Adam has no hyperparameter 'beta', so setting it would change "
                                            r"nothing; its hyperparameters are lr, beta1, beta2, eps. Did you mean"):
        opt.beta = 0.5
    with pytest.raises(ln.InputError, match="SGD has no hyperparameter 'learning_rate'"):
        SGD([Parameter(np.zeros(2))], lr=0.1).learning_rate = 0.01
    opt.beta1 = 0.5
    opt.note = "a student's own attribute is fine"
    assert opt.beta1 == 0.5


@pytest.mark.parametrize("optimizer_cls", [SGD, Momentum, RMSprop, Adam])
def test_params_that_are_not_a_list_of_parameters_are_named(optimizer_cls):
    model = ln.mlp([2, 3, 1], rng=0)
    with pytest.raises(ln.InputError, match=rf"params must be a list of Parameter objects such as "
                                            rf"model.parameters\(\), got the model itself \(Sequential\); "
                                            rf"write {optimizer_cls.__name__}\(model.parameters\(\), ...\)"):
        optimizer_cls(model, lr=0.1)
    once = (p for p in model.parameters())
    optimizer_cls(once, lr=0.1)
    with pytest.raises(ln.InputError, match=r"empty parameter list \(params\) \(this iterator was already used up"):
        optimizer_cls(once, lr=0.1)
    with pytest.raises(ln.InputError, match=r"got ndarray at position 0 \(params\[0\]\); wrap arrays as Parameter"):
        optimizer_cls([np.zeros(2)], lr=0.1)
    broken = Parameter(np.zeros(2))
    broken.value[1] = np.nan
    with pytest.raises(ln.InputError, match=r"params\[0\] \(unnamed\) has nan at index \(1,\)"):
        optimizer_cls([broken], lr=0.1)


def test_a_refused_step_changes_nothing():
    a, b = Parameter(np.ones(2), "a"), Parameter(np.ones(3), "b")
    opt = Momentum([a, b], lr=0.1)
    a.grad, b.grad = np.ones(2), np.ones(4)
    with pytest.raises(ln.InputError, match=r"parameter b of shape \(3,\) got a gradient of shape \(4,\) "
                                            r"\(params\[1\]\)"):
        opt.step()
    assert opt.t == 0 and np.all(opt.state[a]["m"] == 0) and a.value.tolist() == [1.0, 1.0]
    b.grad = np.ones(3)
    b.value = np.zeros((3, 1))  # used to reshape the parameter to (3, 1) on the next step
    with pytest.raises(ln.InputError, match=r"parameter b \(params\[1\]\): p.value was given an array of shape "
                                            r"\(3, 1\), the parameter has shape \(3,\)"):
        opt.step()
    b.value = np.zeros(3)  # a new array of the right shape is taken over
    opt.step()
    assert opt.t == 1 and b.value.shape == (3,) and np.allclose(b.value, -0.01)


def test_load_state_dict_is_all_or_nothing():
    # a state with a good lr and a bad beta used to set lr, then refuse beta: a half-loaded optimizer
    p = Parameter(np.zeros(2))
    opt = Momentum([p], lr=0.1)
    state = opt.state_dict()
    state["hyperparameters"] = {"lr": 0.5, "beta": 2.0}
    with pytest.raises(ln.InputError, match=r"state_dict\['hyperparameters'\]\['beta'\]: Momentum: beta must be in "
                                            r"\[0, 1\), got 2"):
        opt.load_state_dict(state)
    assert opt.lr == 0.1
    state = opt.state_dict()
    state["state"] = [{"m": np.full(2, np.nan)}]
    with pytest.raises(ln.InputError, match=r"state_dict\['state'\]\[0\]\['m'\] has nan"):
        opt.load_state_dict(state)
    state = Adam([p]).state_dict()
    state["state"][0]["s"][0] = -1.0
    with pytest.raises(ln.InputError, match=r"\['s'\] has a negative entry"):
        Adam([p]).load_state_dict(state)
    with pytest.raises(ln.InputError, match=r"state_dict\['t'\] \(the step count\) must be an integer >= 0"):
        Adam([p]).load_state_dict({**Adam([p]).state_dict(), "t": -1})


def test_from_heavy_ball_names_a_beta_of_one():
    # beta = 1 used to divide by zero and then blame lr ("lr must be a finite number, got inf")
    with pytest.raises(ln.InputError, match=r"Momentum.from_heavy_ball: beta must be in \[0, 1\), got 1"):
        Momentum.from_heavy_ball([Parameter(np.zeros(2))], lr=0.1, beta=1.0)


@pytest.mark.parametrize("value", [True, "0.1", [], np.array(["0.1"]), np.array([True]), 1 + 0j])
def test_hyperparameters_that_are_not_numbers(value):
    with pytest.raises(ln.InputError, match="SGD: lr must be a positive finite number"):
        SGD([Parameter(np.zeros(2))], lr=value)


def test_zero_grad_and_the_base_class():
    p = Parameter(np.ones(2))
    opt = SGD([p], lr=0.1)
    mine = np.ones(2)
    p.grad = mine
    opt.zero_grad()
    assert np.all(p.grad == 0) and np.all(mine == 1)  # a student's own array is left alone
    opt.step()
    assert p.value.tolist() == [1.0, 1.0]
    with pytest.raises(ln.UsageError, match="Optimizer is a base class"):
        ln.Optimizer([p], lr=0.1)


def test_a_missing_learning_rate_or_parameter_list_is_named():
    params = [Parameter(np.zeros(2))]
    with pytest.raises(ln.InputError, match=r"SGD: lr must be a positive finite number, the learning rate eta "
                                            r"\(no default.*got None; e.g. SGD\(model.parameters\(\), lr=0.1\)"):
        SGD(params, lr=None)
    with pytest.raises(ln.InputError, match="SGD needs params, the parameters to update"):
        SGD(None, lr=0.1)
