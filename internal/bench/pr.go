package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ProcRow is one kindesync process of the separate-process scenarios.
type ProcRow struct {
	Row
	MaxRSS      uint64 // kindesync's peak resident memory, bytes
	Memberships int
	// MDParts and MDLargest describe the markdown plan, when rendered.
	MDParts, MDLargest int
}

// BytesPerMembership is peak RSS over the tenant's memberships.
func (r ProcRow) BytesPerMembership() float64 {
	return float64(r.MaxRSS) / float64(max(r.Memberships, 1))
}

// MinOneOrg is what a plan of one org the file names by code must read:
// the catalog lists its file uses, the org by code (no list), and its
// managed collections.
func MinOneOrg(s Shape) int {
	one := s
	one.Orgs = 1
	return MinPlanReads(one) - pages(2, pageSize) + 1
}

// PR runs, against one emulator process holding Existing(s), the
// separate-process scenarios of a tenant of s.Orgs orgs:
//   - "plan full": the file with s.ChangeEvery's changes, planned whole,
//     rendered as markdown (and saved as JSON);
//   - "plan --org": the file equal to live state but for one org's name,
//     planned with --org CODE;
//   - "plan --changed-from": the same change as a commit on top of the
//     file equal to live state, planned with --changed-from (git runs).
func PR(ctx context.Context, s Shape, cfg Config) ([]ProcRow, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("the pull-request scenarios need git: %w", err)
	}
	cfg.Dir = filepath.Join(cfg.Dir, fmt.Sprintf("pr-%d", s.Orgs))
	fullDir, repo := filepath.Join(cfg.Dir, "full"), filepath.Join(cfg.Dir, "repo")
	for _, d := range []string{fullDir, repo} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	full, err := WriteExisting(fullDir, s)
	if err != nil {
		return nil, err
	}
	same := s
	same.ChangeEvery = 0
	one, err := WriteExisting(repo, same)
	if err != nil {
		return nil, err
	}
	cfg.logf("pull request, %d orgs: committing the file", s.Orgs)
	if err := gitCommit(ctx, repo); err != nil {
		return nil, err
	}
	target := s.Orgs / 2
	if err := renameOrg(one, target); err != nil {
		return nil, err
	}
	cfg.logf("pull request, %d orgs: starting the emulator process", s.Orgs)
	emu, err := StartEmulator(ctx, s, cfg)
	if err != nil {
		return nil, err
	}
	defer emu.Stop()
	members := s.Orgs * s.Members
	var rows []ProcRow
	run := func(name string, min int, args ...string) (ProcRow, error) {
		cfg.logf("pull request, %d orgs: %s", s.Orgs, name)
		r, err := RunKindesync(ctx, emu, cfg, strings.ReplaceAll(name, " ", "-"), args...)
		row := ProcRow{Row: Row{Calls: r.Calls, Throttled: r.Throttled, Wall: r.Wall}, MaxRSS: r.MaxRSS, Memberships: members}
		row.finish(name, s, min, cfg)
		if err == nil && r.Exit != 0 && r.Exit != 2 {
			err = fmt.Errorf("%s exited %d:\n%s", name, r.Exit, Tail(r.Stderr, 20))
		}
		if err == nil && r.Exit == 2 && !strings.HasPrefix(name, "plan") {
			err = fmt.Errorf("%s exited 2", name)
		}
		rows = append(rows, row)
		return row, err
	}
	// --detailed-exitcode: 2 says there are changes, which there must be.
	if _, err := run("plan --org", MinOneOrg(s), "plan", "-f", one, "--org", orgCode(target), "--format", "json", "--detailed-exitcode"); err != nil {
		return rows, err
	}
	if _, err := run("plan --changed-from", MinOneOrg(s), "plan", "-f", one, "--changed-from", "base", "--format", "json", "--detailed-exitcode"); err != nil {
		return rows, err
	}
	saved := filepath.Join(cfg.Dir, "full-plan.json")
	if _, err := run("plan full", MinPlanReads(s), "plan", "-f", full, "--format", "markdown", "--out", saved); err != nil {
		return rows, err
	}
	last := &rows[len(rows)-1]
	md, err := os.ReadFile(filepath.Join(cfg.Dir, "plan-full.out"))
	if err != nil {
		return rows, err
	}
	parts := strings.Split(string(md), "\n<!-- kindesync: next part -->\n")
	last.MDParts = len(parts)
	for _, p := range parts {
		last.MDLargest = max(last.MDLargest, len(p))
	}
	return rows, nil
}

func gitCommit(ctx context.Context, dir string) error {
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}, {"commit", "-q", "-m", "base"}, {"tag", "base"}} {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v: %s", args[0], err, out)
		}
	}
	return nil
}

// renameOrg changes org o's name in the file, or in the one file of the
// directory that has it: the pull request.
func renameOrg(path string, o int) error {
	files := []string{path}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		files = []string{filepath.Join(path, fmt.Sprintf("orgs-%05d.yaml", o/orgsPerFile))}
	}
	old := fmt.Sprintf("\n    name: Org %d\n", o)
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if strings.Count(string(b), old) != 1 {
			return fmt.Errorf("org %d's name is not in %s once", o, file)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, fmt.Sprintf("\n    name: Org %d renamed\n", o), 1)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ProcApply is the 1 % change applied in a separate process: plan and
// apply, as `kindesync apply -f FILE --auto-approve`.
func ProcApply(ctx context.Context, s Shape, cfg Config) (ProcRow, error) {
	cfg.Dir = filepath.Join(cfg.Dir, fmt.Sprintf("apply-%d", s.Orgs))
	dir := cfg.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ProcRow{}, err
	}
	file, err := WriteExisting(dir, s)
	if err != nil {
		return ProcRow{}, err
	}
	cfg.logf("apply 1%%, %d orgs: starting the emulator process", s.Orgs)
	emu, err := StartEmulator(ctx, s, cfg)
	if err != nil {
		return ProcRow{}, err
	}
	defer emu.Stop()
	cfg.logf("apply 1%%, %d orgs: running", s.Orgs)
	r, err := RunKindesync(ctx, emu, cfg, "apply", "apply", "-f", file, "--auto-approve")
	row := ProcRow{Row: Row{Calls: r.Calls, Throttled: r.Throttled, Wall: r.Wall}, MaxRSS: r.MaxRSS, Memberships: s.Orgs * s.Members}
	row.finish("apply 1 %", s, MinPlanReads(s)+MinChangeWrites(s), cfg)
	if err == nil && r.Exit != 0 {
		err = fmt.Errorf("apply exited %d:\n%s", r.Exit, Tail(r.Stderr, 20))
	}
	return row, err
}

// WriteProcTable writes the separate-process rows as a markdown table.
func WriteProcTable(w io.Writer, rows []ProcRow) {
	fmt.Fprintln(w, "| scenario | orgs | calls | min | calls/min | wall | bound | wall/bound | 429s | ms/org | kindesync peak RSS MiB | bytes/membership | markdown parts, largest |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		md := ""
		if r.MDParts > 0 {
			md = fmt.Sprintf("%d, %d chars", r.MDParts, r.MDLargest)
		}
		_, perWall := r.PerOrg()
		fmt.Fprintf(w, "| %s | %d | %d | %d | %.3f | %s | %s | %.2f | %d | %.1f | %.0f | %.0f | %s |\n",
			r.Scenario, r.Orgs, r.Calls, r.Min, r.CallRatio(), seconds(r.Wall), seconds(r.Bound), r.WallRatio(),
			r.Throttled, float64(perWall)/float64(time.Millisecond), float64(r.MaxRSS)/(1<<20), r.BytesPerMembership(), md)
	}
}
