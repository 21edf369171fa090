#!/usr/bin/env python3
"""
Small PyTorch expectations for the training tests, at sizes and seeds the shared fixtures do not
cover (test/train/data/<case>/): GPT-2 with an untied head and n_inner != 4·C, Llama with 3:1
grouped-query attention, Qwen2 with q/k/v biases and a tied head.

Each case: config.json + model.safetensors (the start, F32, Hugging Face names and layouts),
batches.jsonl, expected.json (AdamW settings, per step the loss and the global gradient norm before
clipping), grads-step0.safetensors and after.safetensors (every parameter after the steps). The models are written out in
plain PyTorch from the same formulas as transformers' GPT2LMHeadModel / LlamaForCausalLM (no
dropout), computed in float64 from float32 starting values, as the shared fixtures are.

    apt-get install python3-torch && python3 scripts/make-training-expectations.py
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "train", "data")


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(h).to_bytes(8, "little"))
        f.write(h)
        for b in blobs:
            f.write(b)


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def attention(q, k, v, heads, kv_heads):
    B, T, _ = q.shape
    d = q.shape[-1] // heads
    q = q.view(B, T, heads, d).transpose(1, 2)
    k = k.view(B, T, kv_heads, d).transpose(1, 2).repeat_interleave(heads // kv_heads, dim=1)
    v = v.view(B, T, kv_heads, d).transpose(1, 2).repeat_interleave(heads // kv_heads, dim=1)
    s = q @ k.transpose(-1, -2) / math.sqrt(d)
    s = s.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
    return (torch.softmax(s, -1) @ v).transpose(1, 2).reshape(B, T, heads * d)


def gpt2_logits(c, p, ids):
    B, T = ids.shape
    C = c["n_embd"]
    x = p["transformer.wte.weight"][ids] + p["transformer.wpe.weight"][:T]
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (C,), p[n + ".weight"], p[n + ".bias"], c["layer_norm_epsilon"])
    conv = lambda x, n: x @ p[n + ".weight"] + p[n + ".bias"]  # Conv1D: weight (in, out)
    for l in range(c["n_layer"]):
        h = f"transformer.h.{l}."
        qkv = conv(ln(x, h + "ln_1"), h + "attn.c_attn")
        a = attention(qkv[..., :C], qkv[..., C : 2 * C], qkv[..., 2 * C :], c["n_head"], c["n_head"])
        x = x + conv(a, h + "attn.c_proj")
        x = x + conv(gelu_new(conv(ln(x, h + "ln_2"), h + "mlp.c_fc")), h + "mlp.c_proj")
    x = ln(x, "transformer.ln_f")
    head = p["transformer.wte.weight"] if c["tie_word_embeddings"] else p["lm_head.weight"]
    return x @ head.T


def rope(x, heads, theta):
    B, T, W = x.shape
    d = W // heads
    inv = 1.0 / (theta ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None, :]
    cos = torch.cat([ang.cos(), ang.cos()], -1)[None, :, None, :]
    sin = torch.cat([ang.sin(), ang.sin()], -1)[None, :, None, :]
    x = x.view(B, T, heads, d)
    rot = torch.cat([-x[..., d // 2 :], x[..., : d // 2]], -1)
    return (x * cos + rot * sin).reshape(B, T, W)


def llama_logits(c, p, ids):
    H, KV = c["num_attention_heads"], c["num_key_value_heads"]
    eps = c["rms_norm_eps"]
    rms = lambda x, n: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * p[n]
    bias = c["model_type"] == "qwen2"
    lin = lambda x, n, b=False: x @ p[n + ".weight"].T + (p[n + ".bias"] if b else 0)
    x = p["model.embed_tokens.weight"][ids]
    for l in range(c["num_hidden_layers"]):
        n = f"model.layers.{l}."
        h = rms(x, n + "input_layernorm.weight")
        q = rope(lin(h, n + "self_attn.q_proj", bias), H, c["rope_theta"])
        k = rope(lin(h, n + "self_attn.k_proj", bias), KV, c["rope_theta"])
        v = lin(h, n + "self_attn.v_proj", bias)
        x = x + lin(attention(q, k, v, H, KV), n + "self_attn.o_proj")
        h = rms(x, n + "post_attention_layernorm.weight")
        m = torch.nn.functional.silu(lin(h, n + "mlp.gate_proj")) * lin(h, n + "mlp.up_proj")
        x = x + lin(m, n + "mlp.down_proj")
    x = rms(x, "model.norm.weight")
    head = p["model.embed_tokens.weight"] if c["tie_word_embeddings"] else p["lm_head.weight"]
    return x @ head.T


def gpt2_params(c, g):
    C, I, V = c["n_embd"], c["n_inner"], c["vocab_size"]
    p = {"transformer.wte.weight": (V, C), "transformer.wpe.weight": (c["n_positions"], C)}
    for l in range(c["n_layer"]):
        h = f"transformer.h.{l}."
        p.update({h + "ln_1.weight": (C,), h + "ln_1.bias": (C,), h + "attn.c_attn.weight": (C, 3 * C), h + "attn.c_attn.bias": (3 * C,),
                  h + "attn.c_proj.weight": (C, C), h + "attn.c_proj.bias": (C,), h + "ln_2.weight": (C,), h + "ln_2.bias": (C,),
                  h + "mlp.c_fc.weight": (C, I), h + "mlp.c_fc.bias": (I,), h + "mlp.c_proj.weight": (I, C), h + "mlp.c_proj.bias": (C,)})
    p.update({"transformer.ln_f.weight": (C,), "transformer.ln_f.bias": (C,)})
    if not c["tie_word_embeddings"]:
        p["lm_head.weight"] = (V, C)
    return init(p, g)


def llama_params(c, g):
    C, I, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    d = C // c["num_attention_heads"]
    q, kv = c["num_attention_heads"] * d, c["num_key_value_heads"] * d
    p = {"model.embed_tokens.weight": (V, C)}
    for l in range(c["num_hidden_layers"]):
        n = f"model.layers.{l}."
        p[n + "input_layernorm.weight"] = (C,)
        for name, rows in (("q_proj", q), ("k_proj", kv), ("v_proj", kv)):
            p[n + f"self_attn.{name}.weight"] = (rows, C)
            if c["model_type"] == "qwen2":
                p[n + f"self_attn.{name}.bias"] = (rows,)
        p.update({n + "self_attn.o_proj.weight": (C, q), n + "post_attention_layernorm.weight": (C,), n + "mlp.gate_proj.weight": (I, C),
                  n + "mlp.up_proj.weight": (I, C), n + "mlp.down_proj.weight": (C, I)})
    p["model.norm.weight"] = (C,)
    if not c["tie_word_embeddings"]:
        p["lm_head.weight"] = (V, C)
    return init(p, g)


def init(shapes, g):
    out = {}
    for name, shape in shapes.items():
        if len(shape) == 1:  # norms near 1, biases near 0, not exactly: every gradient path is exercised
            base = 1.0 if ("norm" in name or "ln_" in name) and name.endswith("weight") else 0.0
            t = base + 0.1 * torch.randn(shape, generator=g)
        else:
            t = 0.3 * torch.randn(shape, generator=g)
        out[name] = t.to(torch.float32).to(torch.float64).requires_grad_(True)
    return out


def run_case(name, config, seed, steps=2, batch=2, T=8, lr=0.01, betas=(0.9, 0.95), eps=1e-8, wd=0.1, clip=1.0):
    g = torch.Generator().manual_seed(seed)
    gpt2 = config["model_type"] == "gpt2"
    p = gpt2_params(config, g) if gpt2 else llama_params(config, g)
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    save_safetensors(os.path.join(folder, "model.safetensors"), p)
    V = config["vocab_size"]
    batches = []
    for _ in range(steps):
        seq = torch.randint(0, V, (batch, T + 1), generator=g)
        batches.append({"inputs": seq[:, :-1].tolist(), "targets": seq[:, 1:].tolist()})
    with open(os.path.join(folder, "batches.jsonl"), "w") as f:
        for b in batches:
            f.write(json.dumps(b) + "\n")
    opt = torch.optim.AdamW([{"params": [t for t in p.values() if t.dim() >= 2], "weight_decay": wd},
                             {"params": [t for t in p.values() if t.dim() < 2], "weight_decay": 0.0}], lr=lr, betas=betas, eps=eps)
    log = []
    for s, b in enumerate(batches):
        opt.zero_grad()
        ids = torch.tensor(b["inputs"])
        logits = gpt2_logits(config, p, ids) if gpt2 else llama_logits(config, p, ids)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), torch.tensor(b["targets"]).reshape(-1))
        loss.backward()
        if s == 0:
            save_safetensors(os.path.join(folder, "grads-step0.safetensors"), {n: t.grad for n, t in p.items()})
        norm = torch.nn.utils.clip_grad_norm_(list(p.values()), clip)
        opt.step()
        log.append({"step": s, "loss": loss.item(), "grad_norm_before_clip": norm.item()})
    expected = {"lr": lr, "betas": list(betas), "eps": eps, "weight_decay": wd, "grad_clip": clip, "steps": steps, "seed": seed, "log": log}
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
    save_safetensors(os.path.join(folder, "after.safetensors"), p)
    print(name, [round(e["loss"], 4) for e in log])


torch.set_default_dtype(torch.float64)
run_case("gpt2-untied", {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 40, "n_positions": 12, "n_ctx": 12,
                         "n_embd": 16, "n_inner": 24, "n_layer": 2, "n_head": 2, "layer_norm_epsilon": 1e-5,
                         "activation_function": "gelu_new", "tie_word_embeddings": False}, seed=11)
run_case("llama-gqa3", {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 40, "hidden_size": 24,
                        "intermediate_size": 20, "num_hidden_layers": 2, "num_attention_heads": 6, "num_key_value_heads": 2,
                        "max_position_embeddings": 16, "rms_norm_eps": 1e-5, "rope_theta": 500.0, "hidden_act": "silu",
                        "tie_word_embeddings": False}, seed=12, steps=3, lr=0.005, betas=(0.8, 0.99), wd=0.05, clip=0.3)
run_case("qwen2-tied", {"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"], "vocab_size": 36, "hidden_size": 16,
                        "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 1,
                        "max_position_embeddings": 16, "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "hidden_act": "silu",
                        "tie_word_embeddings": True}, seed=13)
