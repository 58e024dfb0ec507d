"""torchvision backbones with random weights and random batch-norm
statistics (pretrained weights cannot be downloaded), in eval mode, so that
folding changes every weight."""
import torch
import torchvision

# The smallest square input each architecture takes without changing what it
# computes: VGG's adaptive pooling to 7x7 is the identity only at 224, and
# Inception v3's stem needs 75.
INPUT_SIZES = {"resnet18": 64, "resnet50": 64, "resnext50_32x4d": 64, "regnet_y_400mf": 64,
               "mobilenet_v2": 64, "mobilenet_v3_small": 64, "mobilenet_v3_large": 64,
               "mnasnet0_5": 64, "googlenet": 64, "inception_v3": 75, "efficientnet_b0": 64,
               "vgg11_bn": 224}


# Inception's auxiliary classifiers run only in training; without them every
# batch norm of the model is one of the inference graph.
CONSTRUCTOR_ARGUMENTS = {"googlenet": {"aux_logits": False}, "inception_v3": {"aux_logits": False}}


def randomized(name, seed=0, input_size=None):
    """(eval-mode model, example input of shape [1, 3, S, S])."""
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(weights=None, **CONSTRUCTOR_ARGUMENTS.get(name, {}))
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)
    size = input_size or INPUT_SIZES[name]
    return model.eval(), torch.rand(1, 3, size, size) * 2 - 1


def count_batch_norms(model):
    return sum(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules())
