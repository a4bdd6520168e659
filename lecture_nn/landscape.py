r"""Loss landscapes as in Li et al. 2018, "Visualizing the loss landscape of neural nets".

Around trained parameters $\theta^*$ pick two random directions $\delta, \eta$ and evaluate
$f(\alpha, \beta) = L(\theta^* + \alpha \delta + \beta \eta)$ on a grid. Raw random directions
make nets of different scale incomparable, so each direction is *filter-normalized*: for a Dense
layer every row $j$ (the incoming weights of unit $j$) is rescaled to the norm of the same row
of $W^*$, $\delta_j \leftarrow \delta_j \, \|W^*_j\| / \|\delta_j\|$; biases are not perturbed.

Directions are lists of arrays shaped like ``model.parameters()``; :func:`flatten` and
:func:`unflatten` turn such a list into one flat vector (P,) and back, the form in which
trajectories and their projections are computed.
"""

from __future__ import annotations

import copy
import numbers

import numpy as np

from ._checks import describe, all_finite, array, as_rng, choice, first_nonfinite, flag, integer, number
from .errors import InputError, LectureNNError
from .layers import Activation, Dense, Module, Residual, Sequential
from .losses import Loss

__all__ = ["NORMALIZATIONS", "random_direction", "loss_grid", "loss_grid_loop", "interpolate",
           "project_trajectory", "parameter_vector", "flatten", "unflatten", "rescaled"]

NORMALIZATIONS = ("filter", "layer", "none")
MAX_GRID_POINTS = 250_000  # a 500 x 500 grid: minutes of forward passes already
MAX_CHUNK = 256  # grid points per batched forward pass (larger ones only fill the memory)


# --- checks shared by the functions below ------------------------------------------------------

def _model(model, who: str, grid: bool = False):
    """``model`` checked: a Module with parameters, all finite (a Sequential of Dense/Activation for grids)."""
    if grid and not (isinstance(model, Sequential) and _gridded(model.layers)
                     and isinstance(model.layers[0], Dense)):
        raise InputError(f"{who}: loss landscapes need model, a Sequential of Dense and Activation layers "
                         f"(and Residual blocks of them after the first Dense) such as mlp([2, 16, 1]), "
                         f"got {describe(model)}")
    if not isinstance(model, Module):
        raise InputError(f"{who}: model must be a model such as mlp([2, 16, 1]) (a Module), got {describe(model)}")
    named = model.named_parameters()
    if not named:
        raise InputError(f"{who}: model has no parameters, so there is no parameter space to look at")
    for name, p in named:
        if not all_finite(p.value):
            raise InputError(f"{who}: model has a non-finite parameter {name or '?'}: {first_nonfinite(p.value)}")
    return named


def _gridded(layers) -> bool:
    """Layers a grid can evaluate: Dense, Activation, and Residual blocks made of those."""
    return all(isinstance(m, (Dense, Activation)) or (isinstance(m, Residual) and _gridded(m.layers))
               for m in layers)


def _loss(loss_fn, who: str) -> Loss:
    if isinstance(loss_fn, Loss):
        return loss_fn
    if isinstance(loss_fn, type) and issubclass(loss_fn, Loss):
        raise InputError(f"{who}: loss_fn must be a loss instance, got the class {loss_fn.__name__}; "
                         f"write {loss_fn.__name__}() with parentheses")
    raise InputError(f"{who}: loss_fn must be a loss such as MSELoss() or BCEWithLogitsLoss(), "
                     f"got {describe(loss_fn)}")


def _loss_at_current(model, loss_fn, X, y, who: str) -> float:
    """The loss of the model as it is: checks X and y (against the model and the loss) before anything moves."""
    try:
        pred = model.forward(X)
    except LectureNNError:
        raise
    except (ValueError, TypeError) as e:  # a model's own check of X
        raise InputError(f"{who}: X does not fit the model: {e}") from None
    try:
        value = loss_fn.forward(pred, y)
    except (ValueError, TypeError) as e:  # the loss's own check of y (our InputError is a ValueError too)
        raise InputError(f"{who}: y does not fit loss_fn = {loss_fn!r} and the model's output on X, of shape "
                         f"{pred.shape}: {e}") from None
    if not np.isfinite(value):
        raise InputError(f"{who}: the loss at the model's own parameters is already {value}; check X and y")
    return value


def _axis(values, name: str, who: str) -> np.ndarray:
    if isinstance(values, numbers.Real) and not isinstance(values, (bool, np.bool_)):
        raise InputError(f"{who}: {name} must be a 1-D list of numbers, got the single value {values!r}; "
                         f"write [{values!r}] for one value")
    return array(values, name, ndim=1, who=who)


def _direction(direction, named, k: int, who: str) -> list:
    """Direction ``k`` of a pair: a list of arrays shaped like the model's parameters, finite."""
    label = f"directions[{k}]"
    if isinstance(direction, np.ndarray) or not isinstance(direction, (list, tuple)):
        raise InputError(f"{who}: {label} must be a list of arrays shaped like model.parameters() (as "
                         f"random_direction(model) returns), got {describe(direction)}")
    if len(direction) != len(named):
        raise InputError(f"{who}: {label} must hold {len(named)} arrays, one per parameter of the model "
                         f"({', '.join(n for n, _ in named)}), got {len(direction)}")
    checked = []
    for i, (d, (name, p)) in enumerate(zip(direction, named)):
        d = array(d, f"{label}[{i}]", dtype=p.value.dtype, min_size=0, who=who)
        if d.shape != p.value.shape:
            raise InputError(f"{who}: {label}[{i}] must have the shape {p.value.shape} of the model's {name}, "
                             f"got {d.shape}; was the direction made for another model?")
        checked.append(d)
    return checked


def _pair_of_directions(directions, named, who: str) -> tuple[list, list]:
    looks_like_one = isinstance(directions, (list, tuple)) and len(directions) > 0 \
        and isinstance(directions[0], np.ndarray)
    if isinstance(directions, np.ndarray) or not isinstance(directions, (list, tuple)) or len(directions) != 2:
        got = describe(directions)
        if looks_like_one and len(directions) == len(named):
            got = f"a {type(directions).__name__} of {len(directions)} arrays (that looks like one direction)"
        raise InputError(f"{who}: directions must be a pair (delta, eta) of two directions, e.g. "
                         f"(random_direction(model, rng=1), random_direction(model, rng=2)), got {got}")
    if looks_like_one:
        raise InputError(f"{who}: directions must be a pair (delta, eta) of two directions (each a list of arrays "
                         "shaped like model.parameters()), got a list of arrays: one direction?")
    return _direction(directions[0], named, 0, who), _direction(directions[1], named, 1, who)


def _grid_arguments(model, loss_fn, X, y, directions, alphas, betas, who):
    named = _model(model, who, grid=True)
    loss_fn = _loss(loss_fn, who)
    delta, eta = _pair_of_directions(directions, named, who)
    alphas, betas = _axis(alphas, "alphas", who), _axis(betas, "betas", who)
    if alphas.size * betas.size > MAX_GRID_POINTS:
        raise InputError(f"{who}: alphas ({alphas.size}) times betas ({betas.size}) is {alphas.size * betas.size} "
                         f"grid points, more than {MAX_GRID_POINTS}; use fewer")
    _loss_at_current(model, loss_fn, X, y, who)
    return loss_fn, delta, eta, alphas, betas


def _finite_grid(grid, alphas, betas, who):
    if not all_finite(grid):
        i, j = np.argwhere(~np.isfinite(grid))[0]
        raise InputError(f"{who}: the loss is {grid[i, j]} at alpha = {alphas[j]:g}, beta = {betas[i]:g}: the "
                         "weights there are too large; use smaller alphas and betas")
    return grid


# --- the public functions --------------------------------------------------------------------------

def flatten(arrays) -> np.ndarray:
    r"""A list of arrays (a direction, or the parameters' values) as one flat vector (P,), a copy.

    The entries of ``arrays[0]``, then ``arrays[1]``, ... each in row order: for an mlp
    $W_1, b_1, W_2, b_2, \ldots$ as ``model.parameters()`` lists them. :func:`unflatten` is the
    inverse. NaN and inf are kept as they are (a diverged run's weights stay visible).
    """
    if isinstance(arrays, np.ndarray) or not isinstance(arrays, (list, tuple)):
        raise InputError(f"flatten: arrays must be a list of arrays, such as a direction from random_direction(model) "
                         f"or [p.value for p in model.parameters()], got {describe(arrays)}")
    pieces = []
    for i, a in enumerate(arrays):
        try:
            a = np.asarray(a)
        except ValueError:  # a ragged list
            a = np.asarray(a, dtype=object)
        if a.dtype.kind not in "biuf":
            raise InputError(f"flatten: arrays[{i}] must be an array of real numbers, got {describe(arrays[i])}")
        pieces.append(a.ravel())
    return np.concatenate(pieces) if pieces else np.zeros(0)


def unflatten(vector, model) -> list:
    """A flat vector (P,) as a list of arrays shaped like ``model.parameters()``: the inverse of :func:`flatten`.

    ``vector``: P = ``model.n_params`` finite numbers, e.g. a row of a trajectory or a principal
    direction; the pieces are views of it.
    """
    who = "unflatten"
    if not isinstance(model, Module):
        raise InputError(f"{who}: model must be a model such as mlp([2, 16, 1]) (a Module), got {describe(model)}")
    shapes = [p.value.shape for p in model.parameters()]
    sizes = [int(np.prod(shape)) for shape in shapes]
    vector = array(vector, "vector", min_size=0, who=who)
    if vector.shape != (sum(sizes),):
        raise InputError(f"{who}: vector must be a flat vector of the model's P = {sum(sizes)} parameters, "
                         f"got shape {vector.shape}")
    pieces = np.split(vector, np.cumsum(sizes)[:-1])
    return [piece.reshape(shape) for piece, shape in zip(pieces, shapes)]


def parameter_vector(model) -> np.ndarray:
    """All parameters of ``model`` as one flat vector (P,), a copy (:func:`flatten` of their values).

    A faithful copy: a model whose weights became NaN (a diverged run) gives NaN entries.
    """
    if not isinstance(model, Module):
        raise InputError(f"parameter_vector: model must be a model such as mlp([2, 16, 1]) (a Module), "
                         f"got {describe(model)}")
    return flatten([p.value for p in model.parameters()])


def random_direction(model, rng=None, normalization="filter", perturb_biases=False):
    r"""A Gaussian direction in parameter space, normalized as in Li et al.

    ``normalization``: ``"filter"`` (each row of each W to the norm of that row of $W^*$),
    ``"layer"`` (each W to the norm of $W^*$), or ``"none"`` (raw $N(0, 1)$ entries); any case.
    Biases (1-D parameters) get a zero direction unless ``perturb_biases``.
    """
    who = "random_direction"
    named = _model(model, who)
    rng = as_rng(rng)
    if not isinstance(normalization, str):
        raise InputError(f"{who}: normalization must be one of {', '.join(map(repr, NORMALIZATIONS))}, "
                         f"got {describe(normalization)}")
    normalization = choice(normalization, f"{who}: normalization", NORMALIZATIONS, kind="normalization")
    perturb_biases = flag(perturb_biases, f"{who}: perturb_biases")
    direction = []
    for _, p in named:
        d = rng.standard_normal(p.value.shape)
        if p.value.ndim == 1 and not perturb_biases:
            d = np.zeros_like(p.value)
        elif normalization == "filter" and p.value.ndim == 2:
            # row j of W (d', d) holds the incoming weights of unit j: one "filter"
            d *= np.linalg.norm(p.value, axis=1, keepdims=True) / np.linalg.norm(d, axis=1, keepdims=True)
        elif normalization in ("filter", "layer"):
            d *= np.linalg.norm(p.value) / np.linalg.norm(d)
        direction.append(d.astype(p.value.dtype))
    return direction


def loss_grid_loop(model, loss_fn, X, y, directions, alphas, betas) -> np.ndarray:
    """Reference: the grid by one forward pass per point (slow; tests compare against it).

    Arguments and result as in :func:`loss_grid`.
    """
    who = "loss_grid_loop"
    loss_fn, delta, eta, alphas, betas = _grid_arguments(model, loss_fn, X, y, directions, alphas, betas, who)
    params = model.parameters()
    theta = [p.value.copy() for p in params]
    grid = np.empty((len(betas), len(alphas)))
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for i, b in enumerate(betas):
                for j, a in enumerate(alphas):
                    for p, t, d, e in zip(params, theta, delta, eta):
                        p.value[...] = t + a * d + b * e
                    try:
                        grid[i, j] = loss_fn.forward(model.forward(X), y)
                    except LectureNNError:  # a point whose activations overflowed
                        grid[i, j] = np.nan
    finally:
        for p, t in zip(params, theta):
            p.value[...] = t
    return _finite_grid(grid, alphas, betas, who)


def loss_grid(model, loss_fn, X, y, directions, alphas, betas, chunk=4) -> np.ndarray:
    r"""$f[i, j] = L(\theta^* + \alpha_j \delta + \beta_i \eta)$, rows over ``betas``, columns over ``alphas``.

    ``model``: a Sequential of Dense and Activation layers (and ``Residual`` blocks of them after
    the first Dense, $A = H + F(H)$); ``directions``: the pair
    $(\delta, \eta)$, each a list of arrays shaped like ``model.parameters()``; ``alphas``,
    ``betas``: 1-D lists of finite numbers. Returns (len(betas), len(alphas)); a grid point
    where the loss is not finite (steps so large the weights overflow) raises an error naming it.

    Batched: ``chunk`` (1..256) grid points go through the network together as a stack of
    weight matrices, with the bias folded into the first product and no temporaries after it.
    Measured on a 2-64-64-1 net, 1000 points, 51 x 51 grid: ~0.8-0.9 s with chunk 4 against
    ~1.0 s for a forward pass per point; larger chunks were slower here (their activations,
    k x N x d' numbers, no longer fit in the cache). The model's own parameters are not changed.
    """
    who = "loss_grid"
    chunk = integer(chunk, f"{who}: chunk", 1, MAX_CHUNK)
    loss_fn, delta, eta, alphas, betas = _grid_arguments(model, loss_fn, X, y, directions, alphas, betas, who)
    X = model.check_input(X)
    A_grid, B_grid = np.meshgrid(alphas, betas)  # (len(betas), len(alphas))
    a_all, b_all = A_grid.ravel(), B_grid.ravel()
    theta = [p.value for p in model.parameters()]
    out = np.empty(a_all.size)
    y_checked = loss_fn.check_targets(y, (X.shape[0], model.d_out), X.dtype)
    X_aug = np.column_stack([X, np.ones(X.shape[0], dtype=X.dtype)])  # (N, d + 1): the bias as an input
    with np.errstate(over="ignore", invalid="ignore"):  # an overflowing point is reported below
        for start in range(0, a_all.size, chunk):
            a = a_all[start:start + chunk]
            b = b_all[start:start + chunk]
            k = a.size
            H, _ = _stacked_forward(model.layers, None, X_aug, theta, delta, eta, a, b, 0)  # (k, N, d_out)
            for m in range(k):
                out[start + m] = loss_fn.forward(H[m], y_checked, check=False)  # NaN/inf: named below
    return _finite_grid(out.reshape(A_grid.shape), alphas, betas, who)


def _stacked_forward(layers, H, X_aug, theta, delta, eta, a, b, index):
    r"""The k = len(a) networks $\theta + a_m \delta + b_m \eta$ through ``layers`` at once: H (k, N, width).

    ``H`` None: the first layer takes the inputs ``X_aug`` = [X | 1]. ``index``: the position of
    the first layer's W in ``theta``; returns (H, the index after the last parameter used).
    """
    for layer in layers:
        if isinstance(layer, Dense):
            Wt, bt = theta[index], theta[index + 1]
            dW, db = delta[index], delta[index + 1]
            eW, eb = eta[index], eta[index + 1]
            W = Wt + a[:, None, None] * dW + b[:, None, None] * eW  # (k, d', d)
            bias = bt + a[:, None] * db + b[:, None] * eb  # (k, d')
            if H is None:  # first layer: [X | 1] @ [W | b]^T, one product for all k, bias included
                W_aug = np.concatenate([W, bias[:, :, None]], axis=2)  # (k, d', d + 1)
                H = np.matmul(X_aug, W_aug.transpose(0, 2, 1))  # (k, N, d')
            else:
                H = np.matmul(H, W.transpose(0, 2, 1))  # (k, N, d) @ (k, d, d') -> (k, N, d')
                H += bias[:, None, :]  # in place: H is a fresh array
            index += 2
        elif isinstance(layer, Residual):  # A = H + F(H); F works on a copy (its ReLU acts in place)
            F, index = _stacked_forward(layer.layers, H.copy(), X_aug, theta, delta, eta, a, b, index)
            H = H + F
        elif layer.name == "relu":
            np.maximum(H, 0.0, out=H)  # the common case, without a temporary
        else:
            H = layer.g(H, **layer.params)
    return H, index


def interpolate(model, loss_fn, X, y, theta_start, ts) -> np.ndarray:
    r"""$L((1 - t)\,\theta_0 + t\,\theta^*)$ for each t: the straight path from ``theta_start`` (a flat
    vector (P,), e.g. ``parameter_vector`` of the initialization) to the model's current parameters
    $\theta^*$. ``ts``: a 1-D list of finite numbers; returns (len(ts),). The model is left as it was."""
    who = "interpolate"
    named = _model(model, who)
    loss_fn = _loss(loss_fn, who)
    params = [p for _, p in named]
    P = sum(p.value.size for p in params)
    theta_start = array(theta_start, "theta_start", ndim=1, who=who)
    if theta_start.shape != (P,):
        raise InputError(f"{who}: theta_start must be a flat vector of the model's P = {P} parameters "
                         f"(parameter_vector(model) gives one), got shape {theta_start.shape}")
    ts = _axis(ts, "ts", who)
    _loss_at_current(model, loss_fn, X, y, who)
    theta_star = [p.value.copy() for p in params]
    starts = unflatten(theta_start, model)
    losses = np.empty(ts.size)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for k, t in enumerate(ts):
                for p, s, e in zip(params, starts, theta_star):
                    p.value[...] = (1 - t) * s + t * e
                try:
                    losses[k] = loss_fn.forward(model.forward(X), y)
                except LectureNNError:  # activations that overflowed
                    losses[k] = np.nan
    finally:
        for p, e in zip(params, theta_star):
            p.value[...] = e
    if not all_finite(losses):
        k = int(np.argwhere(~np.isfinite(losses))[0][0])
        raise InputError(f"{who}: the loss is {losses[k]} at t = {ts[k]:g} (ts[{k}]): the weights there are too "
                         "large; use ts closer to [0, 1]")
    return losses


def project_trajectory(path, theta_star, directions) -> np.ndarray:
    r"""Coordinates $(\alpha, \beta)$ of each point of ``path`` (K, P flat vectors) in the plane.

    Least squares for $\theta_k - \theta^* \approx \alpha_k \delta + \beta_k \eta$ (the two
    directions need not be orthogonal, but must span a plane). ``theta_star`` (P,); each
    direction a list of arrays (as :func:`random_direction` returns) or a flat vector, P numbers
    in all. Returns (K, 2).
    """
    who = "project_trajectory"
    theta_star = array(theta_star, "theta_star", ndim=1, who=who)
    P = theta_star.size
    path = array(path, "path", ndim=2, who=who)
    if path.shape[1] != P:
        raise InputError(f"{who}: path must hold flat parameter vectors (K, P) with P = {P} as in theta_star, "
                         f"got shape {path.shape}")
    if isinstance(directions, np.ndarray) or not isinstance(directions, (list, tuple)) or len(directions) != 2:
        raise InputError(f"{who}: directions must be a pair (delta, eta) of two directions, "
                         f"got {describe(directions)}")
    columns = []
    for k, direction in enumerate(directions):
        label = f"directions[{k}]"
        if isinstance(direction, (list, tuple)) and not isinstance(direction, np.ndarray):
            if len(direction) == 0:
                raise InputError(f"{who}: {label} must be a list of arrays, got an empty list")
            flat = flatten([array(d, f"{label}[{i}]", min_size=0, who=who) for i, d in enumerate(direction)])
        else:
            flat = array(direction, label, ndim=1, who=who)
        if flat.size != P:
            raise InputError(f"{who}: {label} must hold P = {P} numbers in all, like theta_star, got {flat.size}")
        columns.append(flat)
    D = np.column_stack(columns)  # (P, 2)
    coefficients, _, rank, _ = np.linalg.lstsq(D, (path - theta_star).T, rcond=None)
    if rank < 2:
        raise InputError(f"{who}: directions must span a plane, got two parallel (or zero) directions")
    return coefficients.T


#: activations g with g(c z) = c g(z) for every c > 0: rescaling through them keeps the function
HOMOGENEOUS = ("identity", "relu", "leaky_relu")


def rescaled(model, c):
    r"""A copy with $(W_1, b_1) \to (c W_1, c b_1)$ and $W_2 \to W_2 / c$: the same function, other weights.

    Through an activation with $g(c z) = c\,g(z)$ (identity, ReLU, leaky ReLU, for $c > 0$; the
    identity for any $c \ne 0$), $W_2\, g(c W_1 x + c b_1) / c = W_2\, g(W_1 x + b_1)$: every output
    and the loss stay, the weights (and anything measured along raw directions) move. ``model``: a
    ``Sequential`` whose first two layers with weights are Dense, with one such activation between
    them; ``c``: $10^{-3} \le |c| \le 10^3$, positive unless that activation is the identity.
    """
    who = "rescaled"
    if not isinstance(model, Sequential):
        raise InputError(f"{who}: model must be a Sequential such as mlp([2, 16, 16, 1]), got {describe(model)}")
    layers = list(model.layers)
    dense = [k for k, m in enumerate(layers) if isinstance(m, Dense)]
    if len(dense) < 2 or not all(isinstance(m, Activation) for m in layers[dense[0] + 1:dense[1]]) \
            or any(not isinstance(m, (Dense, Activation)) for m in layers[:dense[1]]):
        raise InputError(f"{who}: model must start with two Dense layers with only activations between them, "
                         f"got {describe(model)}")
    between = [m.name for m in layers[dense[0] + 1:dense[1]]]
    c = number(c, f"{who}: c", -1e3, 1e3)
    if abs(c) < 1e-3:
        raise InputError(f"{who}: c must satisfy 1e-3 <= |c| <= 1e3 (c = 0 would erase the first layer), got {c:g}")
    if any(g not in HOMOGENEOUS for g in between) or (c < 0 and any(g != "identity" for g in between)):
        raise InputError(f"{who}: the function stays only if g(c z) = c g(z) for the activation between the first "
                         f"two Dense layers ({', '.join(HOMOGENEOUS)} for c > 0, identity for any c), got "
                         f"{between} with c = {c:g}")
    twin = copy.deepcopy(model)
    first, second = (twin.layers[k] for k in dense[:2])
    first.W.value *= c
    first.b.value *= c
    second.W.value /= c
    return twin
