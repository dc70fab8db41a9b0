package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A scenario, or an extends: target, that is a FIFO must be refused, not
// waited on: opening a FIFO for reading blocks until a writer comes.
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, err := Load(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load(fifo) = %v, want not a regular file", err)
	}
	child := filepath.Join(dir, "child.yaml")
	if err := os.WriteFile(child, []byte("extends: "+fifo+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(child); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("extends: fifo gave %v, want not a regular file", err)
	}
}
