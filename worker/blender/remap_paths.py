"""Points the paths of the artist's machine at the job's local copies, inside Blender.

A job's project tree (worker/project-trees.ts) puts every file where relative paths find it,
but an absolute `/home/artist/tex/wood.png`, a `C:\\Users\\artist\\tex\\wood.png` or a
`//../shared/x.png` still names a place on the artist's machine. The worker writes, per job,
a JSON list of what each such stored path becomes here (worker/path-mappings.ts):

    [{"library": null, "stored": "/home/artist/tex/wood.png",
      "path": "/work/projects/J/_external/root/home/artist/tex/wood.png"}, ...]

`library` is the library whose datablock stores the path, as Blender shows it once loaded
(null: the open .blend). Both modes use this one module before the first frame: the session
bridge imports it (bridge.py --path-mappings FILE), and spawn mode runs it as a startup
script before the render's own arguments:

    blender -b FILE --python remap_paths.py [-S NAME] -o DIR/#### -F FMT -x 1 -f N -- --path-mappings FILE

(`--python` runs when Blender reaches it, after FILE is loaded and before `-f` renders; the
arguments after `--` are Blender's to skip and the script's to read.)
"""

import json
import os
import re
import sys

import bpy


def _owner(datablock):
    return datablock.library.filepath if datablock.library else None


def _with_paths():
    """(datablock-like, attribute, library path) for each place a mapped path can sit.

    The same places the tracer (common/blender/external_files.py) reads single paths from.
    """
    for collection in ("images", "sounds", "movieclips", "cache_files", "volumes", "fonts"):
        for each in getattr(bpy.data, collection, []):
            yield each, "filepath", _owner(each)
    for scene in bpy.data.scenes:
        if scene.sequence_editor:
            for strip in scene.sequence_editor.sequences_all:
                if strip.type in {"IMAGE"}:
                    yield strip, "directory", _owner(scene)
                elif hasattr(strip, "filepath"):
                    yield strip, "filepath", _owner(scene)
    for obj in bpy.data.objects:
        for modifier in obj.modifiers:
            if modifier.type == "FLUID" and modifier.fluid_type == "DOMAIN":
                yield modifier.domain_settings, "cache_directory", _owner(obj)
            elif modifier.type in {"MESH_CACHE", "OCEAN"}:
                yield modifier, "filepath", _owner(obj)
            elif modifier.type == "NODES" and hasattr(modifier, "bake_directory"):
                yield modifier, "bake_directory", _owner(obj)


_DRIVE_PATH = re.compile(r"^[A-Za-z]:[\\/]")


def _spelling(path):
    """One spelling per file: separators as `/`, and a drive-letter path in lower case.

    A .blend saved on Windows stores `C:\\Users\\artist\\tex\\wood.png`; Blender on Linux reads
    it back as `C:/Users/artist/tex/wood.png`, while the tracer on Windows reported it with
    backslashes. Both spellings name the same file, and so do `c:\\users\\Artist\\…` and
    `C:\\Users\\artist\\…`: Windows drives compare names without case. POSIX paths (and
    Blender's `//` relative ones) keep their case.
    """
    if not path:
        return path
    slashed = path.replace("\\", "/")
    return slashed.lower() if _DRIVE_PATH.match(path) else slashed


def _key(library, stored):
    """How a (library, stored path) pair is looked up."""
    return (_spelling(library), _spelling(stored))


def apply_mappings(mappings):
    """Rewrites every mapped path; returns how many were rewritten and what could not be."""
    by_key = {_key(m["library"], m["stored"]): m["path"] for m in mappings}
    by_folder = {_key(m["library"], m["stored"].rstrip("/\\")): m["path"] for m in mappings}
    done, refused = 0, []
    # Libraries first, outermost first: reloading one re-reads its datablocks (and the paths of
    # the libraries it links), which would undo a path changed in them before.
    was = {}
    for lib in sorted(bpy.data.libraries, key=_depth):
        parent = lib.parent.filepath if lib.parent else None
        stored = lib.filepath
        target = by_key.get(_key(was.get(parent, parent), stored)) or by_key.get(_key(None, stored))
        if target is None or target == stored:
            continue
        lib.filepath = target
        lib.reload()
        # The mappings name a library's own datablocks by the library's path as the artist had it.
        was[lib.filepath] = stored
        done += 1
    for datablock, attribute, owner in _with_paths():
        library = was.get(owner, owner)
        stored = getattr(datablock, attribute, "")
        target = by_key.get(_key(library, stored))
        if target is None and attribute.endswith("directory"):
            target = by_folder.get(_key(library, stored.rstrip("/\\")))
            if target is not None and stored.endswith(("/", "\\")):
                target = target.rstrip("/") + "/"
        if target is None or target == stored:
            continue
        try:
            setattr(datablock, attribute, target)
            done += 1
        except (AttributeError, TypeError, RuntimeError) as err:
            refused.append("%s: %s" % (stored, err))
    return done, refused


def _depth(lib):
    depth = 0
    while lib.parent:
        lib, depth = lib.parent, depth + 1
    return depth


def apply_file(mapping_file):
    with open(mapping_file, encoding="utf-8") as handle:
        return apply_mappings(json.load(handle))


def mapping_file_argument(argv):
    """The FILE of `--path-mappings FILE` among the arguments after the last `--`, or None."""
    if "--" not in argv:
        return None
    ours = argv[len(argv) - argv[::-1].index("--"):]
    if "--path-mappings" in ours:
        at = ours.index("--path-mappings")
        if at + 1 < len(ours):
            return ours[at + 1]
    return None


if __name__ == "__main__":
    chosen = mapping_file_argument(sys.argv)
    if chosen:
        count, failures = apply_file(chosen)
        print("farm: remapped %d path%s to the job's local copies" % (count, "" if count == 1 else "s"))
        for failure in failures:
            print("farm: could not remap %s" % failure)
        sys.stdout.flush()
