# kindesync as a small static image: the CLI as entrypoint, the emulator
# usable as a service container:
#   docker build --build-arg VERSION=v1.2.3 -t kindesync .
#   docker run --rm -v "$PWD:/work" kindesync plan -f kinde/
#   docker run -p 8765:8765 kindesync emulator --addr 0.0.0.0:8765 --public-url http://localhost:8765

FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/kindesync . \
 && mkdir -p /out/work

FROM scratch
# HTTPS to Kinde needs the CA roots; nothing else comes from the build image.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/kindesync /kindesync
COPY --from=build --chown=65532:65532 /out/work /work
USER 65532:65532
WORKDIR /work
# The emulator's state file when --state is not given (created if missing).
ENV KINDESYNC_EMULATOR_STATE=/work/emulator-state.yaml
EXPOSE 8765
ENTRYPOINT ["/kindesync"]
