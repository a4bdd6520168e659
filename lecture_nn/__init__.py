"""lecture_nn: the lecture "Neural Networks: introduction, multilayer perceptron, optimization
techniques" rebuilt in numpy, one module per idea.

Importing it changes no global state (no matplotlib backend, no rcParams, no random seed).
"""

from .errors import InputError, LectureNNError, UsageError
from .activations import (
    ACTIVATIONS,
    elu,
    elu_derivative,
    get_activation,
    identity,
    identity_derivative,
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softplus,
    softplus_derivative,
    tanh,
    tanh_derivative,
)
from .layers import Activation, Dense, Dropout, Module, Parameter, Residual, Sequential, mlp
from .losses import BCEWithLogitsLoss, CrossEntropyLoss, Loss, MSELoss
from .gradcheck import GradientCheck, check_gradients, numerical_gradient, rel_error
from .optim import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, RMSprop
from .training import History, TrainingDiverged, accuracy, evaluate, fit, predict
from .saving import load, save
from .surfaces import SURFACES, Run, Surface, get_surface, run_optimizer, run_optimizer_batch
from .plotting import use_lecture_style
from . import double_descent, landscape  # modules used as ln.landscape.loss_grid(...) etc.
from .data import (
    DATASETS_2D,
    TARGETS_1D,
    batches,
    blobs,
    circles,
    classification_2d,
    moons,
    polynomial_features,
    regression_1d,
    spirals,
    train_test_split,
    xor,
)

__version__ = "0.1.0"

# the errors the package raises on purpose; then in lecture order: activations, the network,
# losses, backprop checks, optimizers, training,
# 2D surfaces for the optimizers, data
__all__ = [
    "LectureNNError", "InputError", "UsageError",
    "relu", "relu_derivative", "elu", "elu_derivative", "softplus", "softplus_derivative",
    "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "identity",
    "identity_derivative", "leaky_relu", "leaky_relu_derivative", "ACTIVATIONS",
    "get_activation",
    "Parameter", "Module", "Dense", "Activation", "Dropout", "Sequential", "Residual", "mlp",
    "Loss", "MSELoss", "BCEWithLogitsLoss", "CrossEntropyLoss",
    "numerical_gradient", "rel_error", "check_gradients", "GradientCheck",
    "Optimizer", "SGD", "Momentum", "RMSprop", "Adam", "OPTIMIZERS",
    "fit", "History", "TrainingDiverged", "evaluate", "predict", "accuracy", "save", "load",
    "Surface", "SURFACES", "get_surface", "Run", "run_optimizer", "run_optimizer_batch",
    "use_lecture_style", "landscape", "double_descent",
    "batches", "train_test_split", "polynomial_features", "TARGETS_1D", "regression_1d",
    "moons", "circles", "spirals", "xor", "blobs", "DATASETS_2D", "classification_2d",
]
