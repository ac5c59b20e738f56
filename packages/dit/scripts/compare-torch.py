"""Step 2 of the PyTorch cross-check (see compare-torch.ts): loads the tfjs run's parameters into the DiT of
latentlab's PyTorch peer (tools/bench/torch/dit_training_step.py, which keeps DiT's official parameter
names), runs the same inputs and prints the largest difference. Also rebuilds DiT's 2D sin-cos table the
way its official code does (meshgrid with the column coordinate first) and compares it with latentlab's.

Usage: python3 scripts/compare-torch.py [dir] [path/to/dit_training_step.py] [path/to/dit-mnist-s.json]
"""
import importlib.util
import json
import math
import struct
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
directory = Path(sys.argv[1] if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "latentlab-dit-torch")
reference = Path(sys.argv[2] if len(sys.argv) > 2 else HERE / "../../../tools/bench/torch/dit_training_step.py")
config_path = Path(sys.argv[3] if len(sys.argv) > 3 else reference.parent / "../configs/dit-mnist-s.json")

DTYPES = {"F32": np.float32, "I32": np.int32, "U8": np.uint8}


def read_safetensors(path):
    """The safetensors layout: u64 header length, JSON header, raw little-endian data."""
    raw = path.read_bytes()
    (header_length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_length])
    data = raw[8 + header_length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def reference_model_class():
    """The peer's DiT class and the benchmark config."""
    spec = importlib.util.spec_from_file_location("dit_training_step", reference)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DiT, json.loads(config_path.read_text())


def official_layout_sincos(width, grid):
    """Per DiT / MAE get_2d_sincos_pos_embed: meshgrid(w, h), first half encodes grid[0] (the column)."""
    columns, rows = np.meshgrid(np.arange(grid, dtype=np.float64), np.arange(grid, dtype=np.float64))
    omega = 1.0 / 10000 ** (np.arange(width // 4, dtype=np.float64) / (width / 4))

    def one_axis(positions):
        angles = np.outer(positions.reshape(-1), omega)
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)

    return np.concatenate([one_axis(columns), one_axis(rows)], axis=1).astype(np.float32)


def main():
    DiT, config = reference_model_class()
    model = DiT(config).eval()
    params = read_safetensors(directory / "params.safetensors")
    params["pos_embed"] = params["pos_embed"].reshape(model.pos_embed.shape)
    model.load_state_dict(params, strict=True)
    io = read_safetensors(directory / "io.safetensors")
    with torch.no_grad():
        output = model(io["x"], io["t"], io["y"].long())
    expected = io["output"]
    difference = (output - expected).abs().max().item()
    scale = expected.abs().max().item()
    sincos = io["sincos"].numpy()
    sincos_difference = float(np.abs(sincos - official_layout_sincos(sincos.shape[1], 7)).max())
    print(json.dumps({"max_abs_diff": difference, "sincos_max_abs_diff": sincos_difference, "max_abs_output": scale, "torch": torch.__version__,
                      "params": sum(p.numel() for p in model.parameters()), "finite": math.isfinite(difference)}))


main()
