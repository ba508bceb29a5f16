package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kindesync/kindesync/internal/cli"
	"github.com/kindesync/kindesync/internal/emulator"
)

// The process scenarios run kindesync and the emulator as two processes of
// the running binary (RunChild dispatches), so that kindesync's peak
// resident memory (VmHWM, written by the child as it exits) is its
// own: the emulator's state, a million memberships at the largest size,
// lives elsewhere. kindesync talks to the emulator over loopback with
// --domain and credentials, as it would to Kinde.

const roleEnv = "KINDESYNC_BENCH_ROLE"

// RunChild runs the kindesync command line instead of the caller when the
// process was started as a bench child, and exits; otherwise it returns.
// Call it first in main and TestMain.
func RunChild() {
	if os.Getenv(roleEnv) == "emulator" {
		os.Exit(serveShape())
	}
	if os.Getenv(roleEnv) == "kindesync" {
		if f := os.Getenv(heapProfEnv); f != "" {
			profileHeapPeak(f)
		}
		code := cli.Main("bench")
		if f := os.Getenv(rssEnv); f != "" {
			_ = os.WriteFile(f, []byte(peakRSS()), 0o644)
		}
		os.Exit(code)
	}
}

// rssEnv names the file a child writes its peak RSS to. The kernel's
// rusage of a child is no use here: Go starts children with vfork, and the
// exec carries the parent's high-water mark (the generated tenant) into the
// child's. VmHWM is the high-water mark of the process's own memory.
const rssEnv = "KINDESYNC_BENCH_RSS_FILE"

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		}
	}
	return ""
}

// Emulator is an emulator process serving one state file.
type Emulator struct {
	cmd *exec.Cmd
	URL string
}

// StartEmulator serves Existing(s) from a child process with cfg's limits,
// waiting until it accepts connections. The child builds the tenant in
// memory; with cfg.StateFile it is saved as a state file first and served
// by `kindesync emulator --state`, which measures the state file's load.
func StartEmulator(ctx context.Context, s Shape, cfg Config) (*Emulator, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	window := cfg.RateWindow
	if window == "" {
		window = emulator.RateBucket
	}
	var cmd *exec.Cmd
	if cfg.StateFile {
		path := filepath.Join(cfg.Dir, "state.yaml")
		t0 := time.Now()
		if err := emulator.SaveState(path, Existing(s)); err != nil {
			return nil, err
		}
		cfg.logf("state file of %d orgs saved in %s", s.Orgs, time.Since(t0).Round(time.Millisecond))
		cmd = exec.Command(self, "emulator", "--state", path, "--addr", addr,
			"--latency", cfg.Latency.String(), "--rate", strconv.FormatFloat(cfg.Rate, 'f', -1, 64),
			"--rate-window", window, "--max-in-flight", strconv.Itoa(cfg.MaxInFlight))
		cmd.Env = append(os.Environ(), roleEnv+"=kindesync")
	} else {
		spec, err := json.Marshal(childEmulator{Shape: s, Addr: addr, Latency: cfg.Latency, Rate: cfg.Rate,
			RateWindow: window, MaxInFlight: cfg.MaxInFlight})
		if err != nil {
			return nil, err
		}
		cmd = exec.Command(self)
		cmd.Env = append(os.Environ(), roleEnv+"=emulator", childEnv+"="+string(spec))
	}
	t0 := time.Now()
	defer func() {
		cfg.logf("emulator of %d orgs serving after %s", s.Orgs, time.Since(t0).Round(time.Millisecond))
	}()
	log, err := os.Create(filepath.Join(cfg.Dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	e := &Emulator{cmd: cmd, URL: "http://" + addr}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// A million memberships take the emulator a while to load.
	deadline := time.Now().Add(10 * time.Minute)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			go func() { <-exited }()
			return e, nil
		}
		select {
		case err := <-exited:
			b, _ := os.ReadFile(log.Name())
			return nil, fmt.Errorf("emulator exited before serving: %v\n%s", err, b)
		case <-ctx.Done():
			e.Stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			e.Stop()
			return nil, errors.New("emulator did not start serving within 10 minutes")
		}
	}
}

// Stop ends the emulator process (started by this harness, by its pid),
// without saving its state.
func (e *Emulator) Stop() {
	if e != nil && e.cmd.Process != nil {
		_ = e.cmd.Process.Kill()
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// ProcResult is what one kindesync process did.
type ProcResult struct {
	Exit      int
	Wall      time.Duration
	MaxRSS    uint64 // bytes: the process's VmHWM (Linux; 0 elsewhere)
	Calls     int    // API answers other than 429 and the token's
	Throttled int
	Stdout    string // the file stdout went to
	Stderr    string // its -v log and messages
}

// callLine is one attempt in kindesync's -v log: "kinde: GET /path 200 25ms".
var callLine = regexp.MustCompile(`^kinde: [A-Z]+ (\S+) (\d{3}) `)

// RunKindesync runs `kindesync ARGS -v --domain URL` against e and measures
// it. stdout goes to a file in cfg.Dir.
func RunKindesync(ctx context.Context, e *Emulator, cfg Config, name string, args ...string) (ProcResult, error) {
	self, err := os.Executable()
	if err != nil {
		return ProcResult{}, err
	}
	r := ProcResult{Stdout: filepath.Join(cfg.Dir, name+".out"), Stderr: filepath.Join(cfg.Dir, name+".err")}
	out, err := os.Create(r.Stdout)
	if err != nil {
		return r, err
	}
	defer out.Close()
	errf, err := os.Create(r.Stderr)
	if err != nil {
		return r, err
	}
	defer errf.Close()
	args = append(args, "-v", "--domain", e.URL, "--client-id", "emulator", "--client-secret", "emulator")
	cmd := exec.CommandContext(ctx, self, args...)
	rssFile := filepath.Join(cfg.Dir, name+".rss")
	cmd.Env = append(os.Environ(), roleEnv+"=kindesync", rssEnv+"="+rssFile)
	if cfg.MemLimit != "" {
		cmd.Env = append(cmd.Env, "GOMEMLIMIT="+cfg.MemLimit)
	}
	cmd.Stdout, cmd.Stderr = out, errf
	t0 := time.Now()
	runErr := cmd.Run()
	r.Wall = time.Since(t0)
	if cmd.ProcessState == nil {
		return r, runErr
	}
	r.Exit = cmd.ProcessState.ExitCode()
	if b, err := os.ReadFile(rssFile); err == nil {
		kb, _ := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		r.MaxRSS = kb << 10
	}
	if err := r.countCalls(); err != nil {
		return r, err
	}
	return r, nil
}

func (r *ProcResult) countCalls() error {
	f, err := os.Open(r.Stderr)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m := callLine.FindStringSubmatch(sc.Text())
		if m == nil || strings.HasPrefix(m[1], "/oauth2/token") {
			continue
		}
		if m[2] == "429" {
			r.Throttled++
		} else {
			r.Calls++
		}
	}
	return sc.Err()
}

// Tail is the last lines of a file, for a failure message.
func Tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
