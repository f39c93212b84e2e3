"""The worker's side of a persistent Blender session: one Blender renders many frames.

Started by worker/blender/blender-session.ts (its protocol: bridge-protocol.ts) as

    blender -b -noaudio --disable-autoexec FILE --python-exit-code 1 \
        --python worker/blender/bridge.py -- [--scene NAME] [--check-files] [--path-mappings FILE]

it points the paths of the artist's machine at the job's local copies (remap_paths.py, with
--path-mappings), selects the scene, with --check-files checks that every external file the .blend uses is
there (common/blender/external_files.py lists them), says it is ready, then reads one JSON
command per line on stdin:

    {"id": 7, "command": "render", "frame": 12, "format": "PNG", "outputDir": "/abs/dir"}
    {"command": "quit"}                    (or stdin closed: Blender quits)

Each render leaves Blender in the state `blender -b FILE [-S NAME] -o DIR/#### -F FORMAT -x 1
-f 12` would have rendered from, renders, and ends with one END line. Blender's own lines
(`Fra:`, `Saved:`, `Error:`) keep flowing in between: the worker reads them exactly as it does
for a one-frame Blender. The bridge's own lines start with PREFIX and carry one JSON object:

    @farm-bridge ready {"scene": "Scene", "pid": 1234}
    @farm-bridge scene-missing {"scene": "X", "message": "Can't find scene: 'X' in file: '/f.blend'"}
    @farm-bridge files-missing {"files": [{"stored": "//tex/grid.png", "path": "/abs/tex/grid.png",
                                "exists": false, "usedBy": "image \"grid\"", "library": null}], "count": 1}
    @farm-bridge fatal {"message": "..."}
    @farm-bridge end {"id": 7, "ok": true}
    @farm-bridge end {"id": 7, "ok": false, "error": "Error: No camera found in scene \\"Scene\\""}
"""

import ctypes
import json
import os
import sys

import bpy

PREFIX = "@farm-bridge "
# Exit statuses the worker can tell apart in its log.
EXIT_SCENE_MISSING = 3
EXIT_FATAL = 4
EXIT_FILES_MISSING = 5
# A files-missing line names at most this many (`count` says how many in all): the worker
# reads lines of up to 64 KiB whole, and a few hundred long paths would pass that.
FILES_MISSING_NAMED = 50

_libc = ctypes.CDLL(None)


def say(event, **fields):
    # Blender's C code prints through C's stdio, which may hold output in its buffer when
    # stdout is a pipe: flushed first, a `Saved:` line can never arrive after the END
    # that follows it.
    _libc.fflush(None)
    sys.stdout.write(PREFIX + event + " " + json.dumps(fields) + "\n")
    sys.stdout.flush()


def parse_args():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    scene = None
    check_files = False
    mappings = None
    while argv:
        arg = argv.pop(0)
        if arg == "--scene" and argv:
            scene = argv.pop(0)
        elif arg == "--check-files":
            check_files = True
        elif arg == "--path-mappings" and argv:
            mappings = argv.pop(0)
        else:
            say("fatal", message="bridge.py: unknown argument %r" % arg)
            sys.exit(EXIT_FATAL)
    return scene, check_files, mappings


def importable(*folder):
    """Makes a module beside the bridge importable: it is launched by path, not as a package."""
    here = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), *folder))
    if here not in sys.path:
        sys.path.insert(0, here)


def remap(mapping_file):
    importable()
    from remap_paths import apply_file

    _, refused = apply_file(mapping_file)
    # Into the log only: a path left unmapped is found missing by the check that follows.
    for failure in refused:
        print("farm: could not remap %s" % failure)


def missing_files():
    """The external files of the loaded .blend that are not on this machine."""
    # The tracer lives with the code the programs share (worker/blender/ -> common/blender/).
    importable(os.pardir, os.pardir, "common", "blender")
    from external_files import external_files

    return [each for each in external_files() if not each.get("exists")]


# file_format's enum values are Blender's R_IMF_IMTYPE_* numbers, what `-F` stores.
IMTYPES = {
    item.identifier: item.value
    for item in bpy.types.ImageFormatSettings.bl_rna.properties["file_format"].enum_items
}


def imtype_cell(image_settings):
    # ImageFormatData starts with `char imtype` (DNA_scene_types.h).
    return ctypes.c_ubyte.from_address(image_settings.as_pointer())


def check_imtype_cell(image_settings):
    """Proves imtype_cell reads what file_format reads, before anything is written there."""
    current = image_settings.file_format
    if imtype_cell(image_settings).value != IMTYPES.get(current):
        raise RuntimeError(
            "this Blender's ImageFormatData does not start with imtype (file_format %s is %r, the first byte is %d)"
            % (current, IMTYPES.get(current), imtype_cell(image_settings).value)
        )


def set_format_like_cli(image_settings, name):
    """What `-F NAME` does: only the image type changes.

    Setting `file_format` from Python also "fixes" the colour depth and channels for the new
    type (a 32-bit EXR scene asked for PNG becomes a 16-bit PNG, where `-F PNG` writes 8 bits),
    so the pixels could differ from a plain render. Blender 3.4's `-F` only stores the type:
    `scene->r.im_format.imtype = imtype_new`.
    """
    value = IMTYPES.get(name)
    if value is None:
        raise ValueError("Format %s is not known to this Blender" % name)
    cell = imtype_cell(image_settings)
    before = cell.value
    cell.value = value
    if image_settings.file_format != name:
        cell.value = before
        raise RuntimeError("setting the image type to %s did not take (reads back %s)" % (name, image_settings.file_format))


def render(scene, command):
    frame = command["frame"]
    if not isinstance(frame, int) or isinstance(frame, bool):
        raise ValueError("frame must be a whole number, got %r" % (frame,))
    out_dir = command["outputDir"]
    settings = scene.render
    set_format_like_cli(settings.image_settings, command["format"])  # -F FORMAT
    settings.use_file_extension = True  # -x 1
    settings.filepath = os.path.join(out_dir, "####")  # -o DIR/####
    # write_still saves to render.filepath as it is, without replacing `#` by the frame.
    settings.filepath = settings.frame_path(frame=frame)
    scene.frame_set(frame)
    bpy.ops.render.render(write_still=True, scene=scene.name)


def serve(scene):
    stdin = sys.stdin.buffer
    while True:
        raw = stdin.readline()
        if not raw:
            return  # the worker is gone or closed the session
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            continue
        try:
            command = json.loads(text)
        except ValueError as err:
            say("end", id=None, ok=False, error="unreadable command %r: %s" % (text[:200], err))
            continue
        kind = command.get("command") if isinstance(command, dict) else None
        if kind == "quit":
            return
        command_id = command.get("id") if isinstance(command, dict) else None
        if kind != "render":
            say("end", id=command_id, ok=False, error="unknown command %r" % (kind,))
            continue
        try:
            render(scene, command)
        except Exception as err:  # noqa: BLE001 - whatever it was, the worker reports it and goes on
            message = str(err).strip() or type(err).__name__
            say("end", id=command_id, ok=False, error=message)
        else:
            say("end", id=command_id, ok=True)


def main():
    # Blender prints some errors on stderr: one stream keeps every line in the order written,
    # so everything a render printed has arrived when its END line does.
    os.dup2(1, 2)
    scene_name, check_files, mappings = parse_args()
    try:
        # Before the scene and the check: what is checked, and rendered, is the local copy.
        if mappings:
            remap(mappings)
    except Exception as err:  # noqa: BLE001
        say("fatal", message=str(err))
        sys.exit(EXIT_FATAL)
    if scene_name:
        scene = bpy.data.scenes.get(scene_name)
        if scene is None:
            # Blender's own words for `-S NAME`, which the worker already recognises.
            message = "Can't find scene: '%s' in file: '%s'" % (scene_name, bpy.data.filepath)
            say("scene-missing", scene=scene_name, message=message)
            sys.exit(EXIT_SCENE_MISSING)
        # What `-S NAME` does: the scene becomes the window's, hence the context's. The render
        # operator renders the context scene's current frame even when given another scene
        # (it copies the context scene's frame into it), so this is not optional.
        if bpy.context.window is not None:
            bpy.context.window.scene = scene
    else:
        scene = bpy.context.scene
    try:
        if bpy.context.scene != scene:
            raise RuntimeError("scene %r could not be made the context scene" % scene.name)
        check_imtype_cell(scene.render.image_settings)
        missing = missing_files() if check_files else []
    except Exception as err:  # noqa: BLE001
        say("fatal", message=str(err))
        sys.exit(EXIT_FATAL)
    if missing:
        # Every frame would render with them missing (magenta textures, no error): none is.
        say("files-missing", files=missing[:FILES_MISSING_NAMED], count=len(missing))
        sys.exit(EXIT_FILES_MISSING)
    say("ready", scene=scene.name, pid=os.getpid())
    serve(scene)


main()
