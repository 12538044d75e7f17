# Sourced by bin/run, bin/test and bench scripts: finds a JDK 21 or newer and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is 21+, else the newest 21+ JDK under /usr/lib/jvm (and macOS's JDK folder),
# else the java on PATH if it is 21+.

_va_java_major() {
  # prints the feature version of the java binary $1 (8 for 1.8), nothing if it does not run
  local spec
  spec=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  spec=${spec#1.}
  [[ $spec =~ ^[0-9]+$ ]] && echo "$spec"
}

_va_find_jdk() {
  local candidate major best="" best_major=0
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java && -x $JAVA_HOME/bin/javac ]]; then
    major=$(_va_java_major "$JAVA_HOME/bin/java")
    if [[ -n $major && $major -ge 21 ]]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x $candidate/bin/java && -x $candidate/bin/javac ]] || continue
    major=$(_va_java_major "$candidate/bin/java")
    if [[ -n $major && $major -ge 21 && $major -gt $best_major ]]; then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -z $best ]] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(_va_java_major "$candidate/bin/java")
    [[ -n $major && $major -ge 21 ]] && best=$candidate
  fi
  [[ -n $best ]] && echo "$best"
}

_va_jdk=$(_va_find_jdk || true)
if [[ -z $_va_jdk ]]; then
  echo "Voice Agents needs a JDK 21 or newer; set JAVA_HOME to one (found none in JAVA_HOME, /usr/lib/jvm or PATH)." >&2
  echo "Install one, for example Temurin 21 from https://adoptium.net, or your package manager's openjdk-21-jdk." >&2
  unset -f _va_java_major _va_find_jdk
  unset _va_jdk
  # sourced: leave the caller's shell alone; executed: fail
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME=$_va_jdk
export PATH="$JAVA_HOME/bin:$PATH"
unset -f _va_java_major _va_find_jdk
unset _va_jdk
