"""Lists every external file the open .blend uses, recursively through linked libraries.

Imported by the worker inside its Blender session (``external_files()``), or run on the
submitting machine:

    blender -b FILE --factory-startup -noaudio --python-exit-code 1 \
        --python common/blender/external_files.py -- --out OUT.json

Each file is a dict::

    {"stored": "//textures/grid.png",       # the path as the datablock stores it
     "path": "/home/me/shot/textures/grid.png",  # where it resolves here, absolute
     "exists": True,
     "usedBy": 'image "grid"',               # for people
     "library": None}                        # or the path of the library that owns it

Relative paths of a library's own datablocks start from that library's folder, as Blender
reads them. Library paths, nested ones too, are as Blender shows them once loaded: relative
to the open .blend (a `//sub/deep.blend` stored in lib/props.blend reads `//lib/sub/deep.blend`).

Packed data is skipped: it travels inside the .blend. Image sequences, UDIM tiles and
numbered volume or clip sequences expand to one entry per file on disk (every file matching
the numbered pattern: cheaper and safer than working out which frames the scene shows); a
bake or cache directory expands to the files under it. The places paths hide follow the list
of Blender Asset Tracer's walkers; the code is this project's own.
"""

import json
import os
import re
import sys

import bpy

# A frame number in a file name: the last run of digits (frame_0001.png, smoke.0012.vdb).
FRAME_NUMBER = re.compile(r"^(.*?)(\d+)(\D*)$")
UDIM_TOKENS = ("<UDIM>", "<UVTILE>")
WINDOWS_ABSOLUTE = re.compile(r"^([A-Za-z]:[\\/]|\\\\)")


def _library_dir(library):
    """The folder a library's own relative paths start from.

    Blender rewrites a nested library's path on load to be relative to the open .blend (props.blend's
    `//sub/deep.blend` reads as `//lib/sub/deep.blend`), so no walk up its parents is needed.
    """
    if library is None:
        return os.path.dirname(bpy.data.filepath)
    return os.path.dirname(_resolve(library.filepath, None))


def _resolve(stored, library):
    """Where `stored` lies on this machine, as Blender resolves it (relative to the library's file)."""
    if stored.startswith("//"):
        # A file saved on Windows keeps its backslashes: on this machine they separate folders.
        rest = stored[2:].replace("\\", "/") if os.sep == "/" else stored[2:]
        path = bpy.path.abspath("//" + rest, start=_library_dir(library))
    elif WINDOWS_ABSOLUTE.match(stored) and os.sep == "/":
        # A Windows path read on Linux or macOS: no folder here to resolve it in.
        return stored
    else:
        # A bare relative path is relative to Blender's working folder, as Blender reads it.
        path = os.path.abspath(stored)
    return os.path.normpath(path)


class Tracer:
    def __init__(self):
        self.files = []
        self._seen = set()
        # Every resolved path some walker looked at, used or not, so blend_paths' safety net
        # does not report an unbaked cache folder the walkers chose to leave out.
        self.considered = set()

    def add(self, stored, path, used_by, library):
        owner = library.filepath if library else None
        key = (path, used_by, owner)
        if key in self._seen:
            return
        self._seen.add(key)
        self.files.append({"stored": stored, "path": path, "exists": os.path.isfile(path), "usedBy": used_by, "library": owner})

    def file(self, stored, used_by, library, relative_to="owner"):
        """One file, as stored. `relative_to` "blend": the path starts from the open .blend whoever owns it."""
        if not stored:
            return
        path = _resolve(stored, None if relative_to == "blend" else library)
        self.considered.add(path)
        self.add(stored, path, used_by, library)

    def numbered(self, stored, used_by, library):
        """Every file matching the numbered pattern of `stored`; the stored one itself if none does."""
        if not stored:
            return
        path = _resolve(stored, library)
        self.considered.add(path)
        found = _numbered_siblings(path)
        for each in found or [path]:
            self.add(stored, each, used_by, library)

    def tiles(self, stored, numbers, used_by, library):
        """One file per UDIM tile."""
        if not stored:
            return
        path = _resolve(stored, library)
        self.considered.add(path)
        folder, name = os.path.split(path)
        for number in numbers:
            u, v = (number - 1001) % 10 + 1, (number - 1001) // 10 + 1
            tile = name.replace("<UDIM>", str(number)).replace("<UVTILE>", "u%d_v%d" % (u, v))
            if tile == name:
                # Files older than the token keep the first tile's number in the name.
                tile = re.sub(r"1\d{3}(?=\D*$)", str(number), name)
            self.add(stored, os.path.join(folder, tile), used_by, library)

    def directory(self, stored, used_by, library, must_exist=False, prefix=""):
        """Every file under a bake or cache folder (only names starting with `prefix`).

        A folder that does not exist is reported missing only when `must_exist` (the datablock
        says it was baked); otherwise Blender simulates at render time and needs no file.
        """
        if not stored:
            return
        path = _resolve(stored, library)
        self.considered.add(path)
        if not os.path.isdir(path):
            if must_exist:
                self.add(stored, path, used_by, library)
            return
        for root, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                if name.startswith(prefix):
                    self.add(stored, os.path.join(root, name), used_by, library)


def _numbered_siblings(path):
    folder, name = os.path.split(path)
    match = FRAME_NUMBER.match(name)
    if not match or not os.path.isdir(folder):
        return []
    head, _, tail = match.groups()
    pattern = re.compile(re.escape(head) + r"\d+" + re.escape(tail) + "$")
    return [os.path.join(folder, each) for each in sorted(os.listdir(folder)) if pattern.match(each)]


def _packed(datablock):
    return bool(getattr(datablock, "packed_file", None)) or bool(getattr(datablock, "packed_files", None))


def _images(tracer):
    for image in bpy.data.images:
        if image.source not in {"FILE", "SEQUENCE", "TILED", "MOVIE"} or _packed(image):
            continue
        used_by = 'image "%s"' % image.name
        if image.source == "SEQUENCE":
            tracer.numbered(image.filepath, used_by, image.library)
        elif image.source == "TILED":
            tracer.tiles(image.filepath, [tile.number for tile in image.tiles], used_by, image.library)
        else:
            tracer.file(image.filepath, used_by, image.library)


def _simple(tracer):
    """Datablocks with one file path of their own."""
    for library in bpy.data.libraries:
        if not _packed(library):
            used_by = 'library "%s"' % os.path.basename(library.filepath)
            tracer.file(library.filepath, used_by, library.parent, relative_to="blend")
    for font in bpy.data.fonts:
        if font.filepath != "<builtin>" and not _packed(font):
            tracer.file(font.filepath, 'font "%s"' % font.name, font.library)
    for sound in bpy.data.sounds:
        if not _packed(sound):
            tracer.file(sound.filepath, 'sound "%s"' % sound.name, sound.library)
    for clip in bpy.data.movieclips:
        used_by = 'movie clip "%s"' % clip.name
        if clip.source == "SEQUENCE":
            tracer.numbered(clip.filepath, used_by, clip.library)
        else:
            tracer.file(clip.filepath, used_by, clip.library)
    for cache in bpy.data.cache_files:
        used_by = 'cache file "%s"' % cache.name
        if getattr(cache, "is_sequence", False):
            tracer.numbered(cache.filepath, used_by, cache.library)
        else:
            tracer.file(cache.filepath, used_by, cache.library)
    for volume in getattr(bpy.data, "volumes", []):
        if _packed(volume):
            continue
        used_by = 'volume "%s"' % volume.name
        if volume.is_sequence:
            tracer.numbered(volume.filepath, used_by, volume.library)
        else:
            tracer.file(volume.filepath, used_by, volume.library)


def _strips(scene):
    editor = scene.sequence_editor
    if editor is None:
        return []
    # Blender 4.4 renamed sequences_all to strips_all.
    return getattr(editor, "strips_all", None) or getattr(editor, "sequences_all", [])


def _sequencer(tracer):
    for scene in bpy.data.scenes:
        for strip in _strips(scene):
            used_by = 'sequence strip "%s" of scene "%s"' % (strip.name, scene.name)
            if strip.type == "IMAGE":
                for element in strip.elements:
                    stored = os.path.join(strip.directory, element.filename)
                    tracer.file(stored, used_by, scene.library)
            elif strip.type == "MOVIE":
                tracer.file(strip.filepath, used_by, scene.library)
            # Sound strips use a sound datablock, listed with the sounds.


def _point_cache(tracer, cache, owner, used_by, library):
    """A point cache on disk: its own folder, or blendcache_<file> beside the .blend."""
    if cache is None or not (cache.use_disk_cache or cache.use_external):
        return
    if cache.use_external:
        tracer.directory(cache.filepath, used_by, library, must_exist=cache.is_baked)
        return
    blend = library.filepath if library else bpy.data.filepath
    folder = "//blendcache_" + os.path.splitext(os.path.basename(blend))[0]
    # Blender names the files after the cache, or the object's name in hex when it has none.
    prefix = cache.name if cache.name else "".join("%02X" % b for b in owner.name.encode("utf-8"))
    tracer.directory(folder, used_by, library, must_exist=cache.is_baked, prefix=prefix + "_")


def _modifiers(tracer):
    for obj in bpy.data.objects:
        for modifier in obj.modifiers:
            used_by = 'modifier "%s" of object "%s"' % (modifier.name, obj.name)
            library = obj.library
            if modifier.type == "FLUID" and modifier.fluid_type == "DOMAIN":
                tracer.directory(modifier.domain_settings.cache_directory, used_by, library)
            elif modifier.type == "MESH_CACHE":
                tracer.file(modifier.filepath, used_by, library)
            elif modifier.type == "OCEAN" and modifier.is_cached:
                tracer.directory(modifier.filepath, used_by, library, must_exist=True)
            elif modifier.type == "PARTICLE_SYSTEM":
                _point_cache(tracer, modifier.particle_system.point_cache, obj, used_by, library)
            elif modifier.type in {"CLOTH", "SOFT_BODY"}:
                _point_cache(tracer, modifier.point_cache, obj, used_by, library)
            elif modifier.type == "DYNAMIC_PAINT" and modifier.canvas_settings:
                for surface in modifier.canvas_settings.canvas_surfaces:
                    _point_cache(tracer, surface.point_cache, obj, used_by, library)
            elif modifier.type == "NODES":
                # Geometry Nodes simulation bakes (Blender 4.x): one folder for the modifier,
                # or a folder of its own per bake.
                tracer.directory(getattr(modifier, "bake_directory", ""), used_by, library)
                for bake in getattr(modifier, "bakes", []):
                    if getattr(bake, "use_custom_path", False):
                        tracer.directory(bake.directory, used_by, library)


def _node_trees():
    for collection in (bpy.data.materials, bpy.data.worlds, bpy.data.lights, bpy.data.node_groups):
        for owner in collection:
            tree = owner if isinstance(owner, bpy.types.NodeTree) else getattr(owner, "node_tree", None)
            if tree is not None:
                yield owner, tree


def _nodes(tracer):
    """IES light profiles and OSL scripts, when they are files rather than text datablocks."""
    for owner, tree in _node_trees():
        for node in tree.nodes:
            if node.bl_idname in {"ShaderNodeTexIES", "ShaderNodeScript"} and node.mode == "EXTERNAL":
                used_by = 'node "%s" of %s "%s"' % (node.name, type(owner).__name__.lower(), owner.name)
                tracer.file(node.filepath, used_by, owner.library)


def _anything_else(tracer):
    """Whatever Blender's own path walk knows and the walkers above do not (a new kind of path)."""
    stored = bpy.utils.blend_paths(absolute=False, packed=False, local=False)
    resolved = bpy.utils.blend_paths(absolute=True, packed=False, local=False)
    outputs = {os.path.normpath(bpy.path.abspath(scene.render.filepath)) for scene in bpy.data.scenes}
    for each_stored, each_path in zip(stored, resolved):
        path = os.path.normpath(each_path)
        if path in tracer.considered or path in outputs:
            continue
        if any(token in path for token in UDIM_TOKENS):
            continue
        tracer.considered.add(path)
        tracer.add(each_stored, path, "datablock (path found by Blender)", None)


def external_files():
    """Every external file the open .blend uses; see the module's docstring for each entry."""
    tracer = Tracer()
    for walk in (_images, _simple, _sequencer, _modifiers, _nodes, _anything_else):
        walk(tracer)
    return tracer.files


def _main():
    import argparse

    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    parser = argparse.ArgumentParser(prog="external_files.py")
    parser.add_argument("--out", required=True)
    # Known only: the worker's check shares these arguments with remap_paths.py (--path-mappings).
    args, _ = parser.parse_known_args(argv)
    manifest = {
        "blend": os.path.normpath(bpy.data.filepath),
        "blenderVersion": bpy.app.version_string.split(" ")[0],
        "files": external_files(),
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=1)


if __name__ == "__main__":
    _main()
