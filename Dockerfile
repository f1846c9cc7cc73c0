# t2i_nb serving image: the Gradio app (`t2i-app`) on port 7860.
#
#   docker build -t text2image .
#   docker run -p 7860:7860 -v t2i-cache:/cache text2image
#   docker run -p 7860:7860 -v t2i-cache:/cache text2image t2i-app --host 0.0.0.0 --port 7860 \
#       --model bundled --model sd15=stable-diffusion-v1-5/stable-diffusion-v1-5
#
# CPU vs CUDA:
# - Default (BASE_IMAGE=python:3.11-slim): torch comes from PyPI, whose Linux x86_64 wheels bundle the CUDA 12
#   runtime. The image runs on CPU as is, and on an NVIDIA GPU with `docker run --gpus all ...` (host driver and
#   nvidia-container-toolkit needed; nothing else in the image changes).
# - CUDA base variant: build on an image that ships CUDA/cuDNN and Python 3.11, for example
#     docker build --build-arg BASE_IMAGE=pytorch/pytorch:2.7.1-cuda12.6-cudnn9-runtime -t text2image:cuda .
#   and run it with `--gpus all`. The rest of this file works unchanged on that (Debian/Ubuntu) base.
# - Smaller CPU-only image: --build-arg PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
#
# Models and caches live in the volume /cache (HF_HOME for hub models such as SD 1.5, T2I_HOME for runs,
# MLflow store and playground output); mount it so downloads survive container restarts.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ARG PIP_EXTRA_INDEX_URL=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_EXTRA_INDEX_URL=${PIP_EXTRA_INDEX_URL} \
    GRADIO_ANALYTICS_ENABLED=False \
    HF_HOME=/cache/huggingface \
    T2I_HOME=/cache/t2i_nb \
    MPLCONFIGDIR=/tmp/matplotlib

# non-root user that owns the cache volume
RUN groupadd --system --gid 1000 t2i \
    && useradd --system --uid 1000 --gid t2i --create-home --home-dir /home/t2i t2i \
    && mkdir -p /cache/huggingface /cache/t2i_nb \
    && chown -R t2i:t2i /cache

WORKDIR /opt/t2i_nb
COPY settings.ini setup.py pyproject.toml MANIFEST.in README.md ./
COPY t2i_nb ./t2i_nb
RUN pip install --no-cache-dir . \
    && t2i-app --help > /dev/null

USER 1000:1000
VOLUME ["/cache"]
EXPOSE 7860

HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:7860/', timeout=8).status == 200 else 1)"]

CMD ["t2i-app", "--host", "0.0.0.0", "--port", "7860"]
