"""Step 2 of the PyTorch cross-check (see compare-torch.ts): loads the tfjs run's parameters into the model
class of ../shared/bench/dit_ref.py, runs the same inputs and prints the largest difference. Also rebuilds
DiT's 2D sin-cos table the way its official code does (meshgrid with the column coordinate first) and
compares it with the table latentlab computes.

Usage: python3 scripts/compare-torch.py [dir] [path/to/dit_ref.py] [path/to/dit-mnist-s.json]
"""
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
reference = Path(sys.argv[2] if len(sys.argv) > 2 else HERE / "../../../../shared/bench/dit_ref.py")
config_path = Path(sys.argv[3] if len(sys.argv) > 3 else reference.parent / "dit-mnist-s.json")

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
    """dit_ref.py's class definitions only: its source up to the line that builds and benchmarks a model."""
    source = reference.read_text()
    definitions = source[: source.index("\nm = DiT(cfg)")]
    sys.argv = [str(reference), str(config_path)]
    scope = {"__name__": "dit_ref"}
    exec(compile(definitions, str(reference), "exec"), scope)
    return scope["DiT"], scope["cfg"]


def reference_name(name):
    """latentlab / DiT official parameter name -> dit_ref.py attribute name."""
    renames = [
        ("x_embedder.proj.", "embed."),
        ("pos_embed", "pos"),
        ("t_embedder.mlp.0.", "t1."),
        ("t_embedder.mlp.2.", "t2."),
        ("y_embedder.embedding_table.", "y."),
        (".attn.qkv.", ".qkv."),
        (".attn.proj.", ".proj."),
        (".mlp.fc1.", ".fc1."),
        (".mlp.fc2.", ".fc2."),
        (".adaLN_modulation.", ".ada."),
        ("final_layer.adaLN_modulation.", "adaf."),
        ("final_layer.linear.", "out."),
    ]
    for old, new in renames:
        name = name.replace(old, new)
    return name.replace("final_layer.ada.", "adaf.")


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
    renamed = {reference_name(name): value for name, value in params.items()}
    renamed["pos"] = renamed["pos"].reshape(model.pos.shape)
    model.load_state_dict(renamed, strict=True)
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
