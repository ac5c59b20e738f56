"""latentlab's PyTorch peer for `latentlab bench --vs-torch`: one rectified-flow training step of the same
DiT as @latentlab/dit's `ditS4` with learned positions (patch embedding, sinusoidal timestep MLP, class
table with a null class, adaLN-Zero blocks, final adaLN layer; Peebles & Xie 2023), batch from the config,
forward + backward + AdamW, on the CPU with the same two threads.

    python3 dit_training_step.py CONFIG.json [STEPS]

Prints one JSON line: params, step_ms (mean over STEPS after two warm-up steps), images_per_s, torch,
peak_rss_mb (the process's peak resident memory). The
bench runs it with OPENBLAS_VERBOSE=2 and reads the kernel OpenBLAS picked ("Core: …") from stderr."""

import json
import math
import resource
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

torch.set_num_threads(2)


def shift_and_scale(h, shift, scale):
    # (B, T, D) modulated by per-example (B, D) vectors
    return h * (1 + scale[:, None, :]) + shift[:, None, :]


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)

    def forward(self, h):
        batch, tokens, width = h.shape
        head_width = width // self.heads
        q, k, v = self.qkv(h).view(batch, tokens, 3, self.heads, head_width).unbind(2)  # each (B, T, H, d)
        q, k, v = (part.transpose(1, 2) for part in (q, k, v))  # (B, H, T, d)
        weights = torch.softmax((q @ k.transpose(2, 3)) * head_width**-0.5, dim=-1)  # (B, H, T, T)
        return self.proj((weights @ v).transpose(1, 2).reshape(batch, tokens, width))


class MLP(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, h):
        return self.fc2(F.gelu(self.fc1(h), approximate="tanh"))


class AdaLNBlock(nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=1e-6, elementwise_affine=False)
        self.attn = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=1e-6, elementwise_affine=False)
        self.mlp = MLP(width, mlp_ratio * width)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(width, 6 * width))

    def forward(self, h, condition):
        shift_a, scale_a, gate_a, shift_m, scale_m, gate_m = self.adaLN_modulation(condition).chunk(6, dim=1)
        h = h + gate_a[:, None, :] * self.attn(shift_and_scale(self.norm1(h), shift_a, scale_a))
        return h + gate_m[:, None, :] * self.mlp(shift_and_scale(self.norm2(h), shift_m, scale_m))


class PatchEmbedding(nn.Module):
    def __init__(self, channels, width, patch):
        super().__init__()
        self.proj = nn.Conv2d(channels, width, kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)  # (B, T, D)


class TimestepEmbedding(nn.Module):
    def __init__(self, width, features=256):
        super().__init__()
        self.features = features
        self.mlp = nn.Sequential(nn.Linear(features, width), nn.SiLU(), nn.Linear(width, width))

    def forward(self, t):
        half = self.features // 2  # cosines, then sines, of t·1000 at geometric frequencies
        frequencies = torch.exp(torch.arange(half, dtype=torch.float32) * (-math.log(10000.0) / half))
        angles = (t * 1000.0)[:, None] * frequencies[None, :]
        return self.mlp(torch.cat([torch.cos(angles), torch.sin(angles)], dim=1))


class LabelEmbedding(nn.Module):
    def __init__(self, classes, width):
        super().__init__()
        self.embedding_table = nn.Embedding(classes + 1, width)  # the last row is the null class (CFG)

    def forward(self, y):
        return self.embedding_table(y)


class FinalLayer(nn.Module):
    def __init__(self, width, outputs):
        super().__init__()
        self.norm_final = nn.LayerNorm(width, eps=1e-6, elementwise_affine=False)
        self.linear = nn.Linear(width, outputs)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(width, 2 * width))

    def forward(self, h, condition):
        shift, scale = self.adaLN_modulation(condition).chunk(2, dim=1)
        return self.linear(shift_and_scale(self.norm_final(h), shift, scale))


class DiT(nn.Module):
    """Parameter names are DiT's official ones (facebookresearch/DiT models.py), as latentlab keeps them."""

    def __init__(self, config):
        super().__init__()
        width, patch = config["hidden"], config["patch"]
        self.config = config
        self.x_embedder = PatchEmbedding(config["channels"], width, patch)
        self.pos_embed = nn.Parameter(0.02 * torch.randn(1, (config["image"] // patch) ** 2, width))
        self.t_embedder = TimestepEmbedding(width)
        self.y_embedder = LabelEmbedding(config["classes"], width)
        self.blocks = nn.ModuleList(
            AdaLNBlock(width, config["heads"], config["mlp_ratio"]) for _ in range(config["depth"])
        )
        self.final_layer = FinalLayer(width, patch * patch * config["channels"])

    def forward(self, x, t, y):
        channels, image, patch = self.config["channels"], self.config["image"], self.config["patch"]
        grid = image // patch
        h = self.x_embedder(x) + self.pos_embed  # (B, T, D)
        condition = self.t_embedder(t) + self.y_embedder(y)  # (B, D)
        for block in self.blocks:
            h = block(h, condition)
        out = self.final_layer(h, condition).view(-1, grid, grid, patch, patch, channels)  # (B, g, g, p, p, C)
        return out.permute(0, 5, 1, 3, 2, 4).reshape(-1, channels, image, image)


def main():
    config = json.load(open(sys.argv[1]))
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.manual_seed(0)
    model = DiT(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.0)
    batch = config["batch"]
    images = torch.randn(batch, config["channels"], config["image"], config["image"])  # timing only
    labels = torch.randint(0, config["classes"] + 1, (batch,))

    def training_step():
        t = torch.sigmoid(torch.randn(batch))  # logit-normal(0, 1) times
        noise = torch.randn_like(images)
        t4 = t[:, None, None, None]
        noisy = (1 - t4) * images + t4 * noise
        loss = F.mse_loss(model(noisy, t, labels), noise - images)  # velocity target
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    for _ in range(2):
        training_step()
    started = time.perf_counter()
    for _ in range(steps):
        training_step()
    seconds = (time.perf_counter() - started) / steps
    result = {
        "params": sum(parameter.numel() for parameter in model.parameters()),
        "step_ms": round(seconds * 1000, 1),
        "images_per_s": round(batch / seconds, 1),
        "torch": torch.__version__,
        # the process's peak resident memory (Linux reports KiB)
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
