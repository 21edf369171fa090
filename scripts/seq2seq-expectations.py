#!/usr/bin/env python3
"""PyTorch's answers for tongguan's seq2seq models at sizes and seeds other than the shared fixtures'.

Writes test/seq2seq/data/*.safetensors (a few tens of KB, committed), read by test/seq2seq/*.test.ts:
  recurrent-{rnn,gru,lstm}-{a,b}.safetensors   nn.RNN / nn.GRU / nn.LSTM, 1 and 3 layers
  seq2seq-{cell}-{attention}.safetensors        an encoder-decoder: no attention, Luong dot and general,
                                                Bahdanau additive; attention weights, logits, gradients
  transformer-{a,b}.safetensors                 nn.Transformer (post-norm, ReLU), other sizes
Weights and inputs are float32 values; the compute is float64 (as in ../shared/fixtures/training).

  apt-get install -y python3-torch && /usr/bin/python3 scripts/seq2seq-expectations.py   (Debian's python, 3.11)
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "seq2seq", "data")


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        if t.dtype in (torch.int64, torch.int32):
            data = t.to(torch.int32).contiguous().numpy().tobytes()
            dtype = "I32"
        else:
            data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
            dtype = "F32"
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def f32_randn(*shape):
    return torch.randn(*shape, dtype=torch.float32).double()


# ---------------------------------------------------------------- recurrent
def recurrent(kind, input_size, hidden, layers, batch, steps, seed, tag):
    torch.manual_seed(seed)
    cls = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[kind]
    net = cls(input_size, hidden, layers, batch_first=True).double()
    x = f32_randn(batch, steps, input_size).requires_grad_()
    h0 = f32_randn(layers, batch, hidden).requires_grad_()
    c0 = f32_randn(layers, batch, hidden).requires_grad_()
    R = f32_randn(batch, steps, hidden)
    if kind == "lstm":
        out, (hn, cn) = net(x, (h0, c0))
        loss = (out * R).sum() + 0.5 * (hn**2).sum() + 0.25 * cn.sum()
    else:
        out, hn = net(x, h0)
        loss = (out * R).sum() + 0.5 * (hn**2).sum()
    loss.backward()
    t = {}
    for name, p in net.named_parameters():
        t[f"weights.{name}"] = p
    t.update({"input": x, "h0": h0, "output": out, "h_n": hn, "R": R})
    for name, p in net.named_parameters():
        t[f"grad.{name}"] = p.grad
    t["grad.input"] = x.grad
    t["grad.h0"] = h0.grad
    if kind == "lstm":
        t.update({"c0": c0, "c_n": cn, "grad.c0": c0.grad})
    meta = dict(kind=kind, input_size=input_size, hidden_size=hidden, num_layers=layers, loss=loss.item())
    write_safetensors(os.path.join(OUT, f"recurrent-{kind}-{tag}.safetensors"), t, meta)


# ---------------------------------------------------------------- seq2seq
class BahdanauAttention(nn.Module):
    """score(s, h) = Vaᵀ tanh(Wa s + Ua h) (Bahdanau et al. 2015; PyTorch's seq2seq tutorial's names)."""

    def __init__(self, hidden):
        super().__init__()
        self.Wa = nn.Linear(hidden, hidden)
        self.Ua = nn.Linear(hidden, hidden)
        self.Va = nn.Linear(hidden, 1)

    def forward(self, query, keys):  # (B, H), (B, S, H) → (B, S)
        return self.Va(torch.tanh(self.Wa(query).unsqueeze(1) + self.Ua(keys))).squeeze(2)


class Seq2Seq(nn.Module):
    def __init__(self, cell, attention, src_vocab, tgt_vocab, embed, hidden, layers):
        super().__init__()
        rnn = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[cell]
        self.cell, self.kind = cell, attention
        self.src_embed = nn.Embedding(src_vocab, embed)
        self.tgt_embed = nn.Embedding(tgt_vocab, embed)
        self.encoder = rnn(embed, hidden, layers, batch_first=True)
        self.decoder = rnn(embed + (hidden if attention == "additive" else 0), hidden, layers, batch_first=True)
        if attention == "general":
            self.attention = nn.Linear(hidden, hidden, bias=False)
        if attention == "additive":
            self.attention = BahdanauAttention(hidden)
        if attention != "none":
            self.combine = nn.Linear(2 * hidden, hidden)
        self.out = nn.Linear(hidden, tgt_vocab)

    def top(self, state):
        return (state[0] if self.cell == "lstm" else state)[-1]

    def forward(self, src, tgt_in):
        enc, state = self.encoder(self.src_embed(src))
        emb = self.tgt_embed(tgt_in)
        if self.kind == "none":
            dec, _ = self.decoder(emb, state)
            return self.out(dec), None
        if self.kind in ("dot", "general"):
            dec, _ = self.decoder(emb, state)
            keys = enc if self.kind == "dot" else self.attention(enc)
            weights = torch.softmax(dec @ keys.transpose(1, 2), dim=-1)
            context = weights @ enc
            return self.out(torch.tanh(self.combine(torch.cat([context, dec], -1)))), weights
        logits, weights = [], []
        for t in range(tgt_in.shape[1]):
            w = torch.softmax(self.attention(self.top(state), enc), dim=-1)
            context = (w.unsqueeze(1) @ enc).squeeze(1)
            step_in = torch.cat([emb[:, t], context], -1).unsqueeze(1)
            dec, state = self.decoder(step_in, state)
            dec = dec.squeeze(1)
            logits.append(self.out(torch.tanh(self.combine(torch.cat([context, dec], -1)))))
            weights.append(w)
        return torch.stack(logits, 1), torch.stack(weights, 1)


def seq2seq(cell, attention, seed, src_vocab=11, tgt_vocab=9, embed=6, hidden=7, layers=2, batch=3, S=5, T=4):
    torch.manual_seed(seed)
    model = Seq2Seq(cell, attention, src_vocab, tgt_vocab, embed, hidden, layers).double()
    src = torch.randint(0, src_vocab, (batch, S))
    tgt_in = torch.randint(0, tgt_vocab, (batch, T))
    tgt_out = torch.randint(0, tgt_vocab, (batch, T))
    logits, weights = model(src, tgt_in)
    loss = F.cross_entropy(logits.reshape(-1, tgt_vocab), tgt_out.reshape(-1))
    loss.backward()
    t = {name: p for name, p in model.named_parameters()}
    t.update({"src": src, "tgt_in": tgt_in, "tgt_out": tgt_out, "expected.logits": logits})
    if weights is not None:
        t["expected.attention"] = weights
    for name, p in model.named_parameters():
        t[f"grad.{name}"] = p.grad
    meta = dict(cell=cell, attention=attention, src_vocab=src_vocab, tgt_vocab=tgt_vocab, embed=embed,
                hidden=hidden, layers=layers, loss=loss.item())
    write_safetensors(os.path.join(OUT, f"seq2seq-{cell}-{attention}.safetensors"), t, meta)


# ---------------------------------------------------------------- transformer
def transformer(d_model, nhead, enc_layers, dec_layers, ff, batch, S, T, seed, tag):
    torch.manual_seed(seed)
    net = nn.Transformer(d_model, nhead, enc_layers, dec_layers, ff, dropout=0.0, batch_first=True).double()
    src = f32_randn(batch, S, d_model).requires_grad_()
    tgt = f32_randn(batch, T, d_model).requires_grad_()
    R = f32_randn(batch, T, d_model)
    mask = net.generate_square_subsequent_mask(T).double()
    out = net(src, tgt, tgt_mask=mask)
    loss = (out * R).sum()
    loss.backward()
    t = {f"weights.{n}": p for n, p in net.named_parameters()}
    t.update({"src": src, "tgt": tgt, "output": out, "R": R, "grad.src": src.grad, "grad.tgt": tgt.grad})
    for n, p in net.named_parameters():
        t[f"grad.{n}"] = p.grad
    meta = dict(d_model=d_model, nhead=nhead, num_encoder_layers=enc_layers, num_decoder_layers=dec_layers,
                dim_feedforward=ff, loss=loss.item())
    write_safetensors(os.path.join(OUT, f"transformer-{tag}.safetensors"), t, meta)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for kind in ("rnn", "gru", "lstm"):
        recurrent(kind, input_size=4, hidden=5, layers=1, batch=2, steps=7, seed=11, tag="a")
        recurrent(kind, input_size=3, hidden=6, layers=3, batch=4, steps=3, seed=12, tag="b")
    seq2seq("lstm", "none", seed=21)
    seq2seq("gru", "none", seed=22, layers=1)
    seq2seq("lstm", "dot", seed=23, layers=1)
    seq2seq("lstm", "general", seed=24)
    seq2seq("lstm", "additive", seed=25)
    seq2seq("gru", "additive", seed=26, layers=1)
    seq2seq("rnn", "general", seed=27, layers=1)
    transformer(12, 3, 1, 2, 20, batch=3, S=4, T=6, seed=31, tag="a")
    transformer(8, 4, 3, 1, 16, batch=1, S=9, T=3, seed=32, tag="b")
    print("wrote", sorted(os.listdir(OUT)))
