//go:build unix

package sweep

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSecondWriterRefused: while one sweep has its --out open, a second
// sweep on the same file (fresh or --resume) is refused with a LockedError
// and leaves the first one's lines alone; once the first closes, the file
// is free again.
func TestSecondWriterRefused(t *testing.T) {
	sw := gridSweep(t, "compute_gw")
	p := filepath.Join(t.TempDir(), "grid.jsonl")
	first, _, err := Open(p, sw, JSONL, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	const line = "a line of the first sweep\n"
	if _, err := first.w.Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
	for _, resume := range []bool{false, true} {
		_, _, err := Open(p, sw, JSONL, resume, nil)
		var locked *LockedError
		if !errors.As(err, &locked) || !errors.Is(err, ErrLocked) || locked.Path != p {
			t.Fatalf("second Open (resume %v) = %v, want a LockedError for %s", resume, err, p)
		}
	}
	if data, _ := os.ReadFile(p); string(data) != line {
		t.Errorf("the refused writer touched the file: %q", data)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, _, err := Open(p, sw, JSONL, false, nil)
	if err != nil {
		t.Fatalf("after the first writer closed: %v", err)
	}
	again.Close()
}

// TestLockDiesWithItsProcess: a sweep killed with SIGKILL (no chance to
// clean up) leaves no stale lock.
func TestLockDiesWithItsProcess(t *testing.T) {
	if p := os.Getenv("TERAPLAN_TEST_HOLD_LOCK"); p != "" {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err == nil {
			err = lockFile(f)
		}
		if err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
		} else {
			os.Stdout.WriteString("locked\n")
		}
		select {} // hold it until killed
	}
	sw := gridSweep(t, "compute_gw")
	p := filepath.Join(t.TempDir(), "grid.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockDiesWithItsProcess$")
	cmd.Env = append(os.Environ(), "TERAPLAN_TEST_HOLD_LOCK="+p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if msg, _ := bufio.NewReader(out).ReadString('\n'); msg != "locked\n" {
		t.Fatalf("helper process: %q", msg)
	}
	if _, _, err := Open(p, sw, JSONL, false, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("while another process holds the lock: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	w, _, err := Open(p, sw, JSONL, false, nil)
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	w.Close()
}
