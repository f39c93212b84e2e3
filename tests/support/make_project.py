"""Writes a project folder whose .blend uses external files, for the file tracer's tests.

    blender -b --factory-startup -noaudio --python tests/support/make_project.py -- \
        --dir PROJECT [--external DIR] [--kinds relative,absolute,windows,parent,abslib,sequence,udim,library,nested,packed,missing,cache,sound]

Lays out, under PROJECT (each kind only when asked for):
    shot.blend                 the shot: a camera, a sun and one plane per texture
    textures/grid.png          relative:  image "grid" as //textures/grid.png
    DIR/wood.png               absolute:  image "wood" by its absolute path (outside PROJECT)
    DIR/wood.png               windows:   the same image "wood" (same bytes, same plane), stored as
                                          C:\\Users\\artist\\tex\\wood.png, as saved on Windows
    ../shared/shared.png       parent:    image "shared" as //../shared/shared.png (beside PROJECT)
    DIR/crate/crate.blend      abslib:    object "Crate" linked by the library's absolute path, whose
    DIR/crate/tex/crate_tex.png           image "crate_tex" is //tex/crate_tex.png, relative to crate.blend
                               winlib:    the same library, stored as C:\\Users\\artist\\tex\\crate\\crate.blend
    seq/frame_0001..0003.png   sequence:  image "frames", source SEQUENCE
    udim/tiles.1001,1002.png   udim:      image "tiles", source TILED, //udim/tiles.<UDIM>.png
    lib/props.blend            library:   object "Prop" linked from it, whose image "props_tex"
    lib/tex/props_tex.png                 is //tex/props_tex.png, relative to props.blend
    lib/sub/deep.blend         nested:    material "Deep" linked into props.blend for "Prop" (needs library),
    lib/sub/tex/deep_tex.png              whose image "deep_tex" is //tex/deep_tex.png
                               packed:    image "packed", packed into shot.blend
                               missing:   image "gone" as //textures/gone.png, never written
    cache_fluid/…              cache:     fluid domain "Smoke" whose cache folder holds two files
    sounds/beep.wav            sound:     a sound strip in the sequencer playing it
Textures are a few pixels of flat colour, different per file, so a frame shows which one loaded.
"""

import argparse
import os
import sys
import wave

import bpy

# "windows" and "winlib" are never defaults: they take the place of "absolute" and "abslib".
KINDS = ["relative", "absolute", "parent", "abslib", "sequence", "udim", "library", "nested", "packed", "missing", "cache", "sound"]

# Where "windows" stores its texture: the artist's machine, not this one.
WINDOWS_WOOD = "C:\\Users\\artist\\tex\\wood.png"
WINDOWS_CRATE = "C:\\Users\\artist\\tex\\crate\\crate.blend"


def parse_args():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    parser = argparse.ArgumentParser(prog="make_project.py")
    parser.add_argument("--dir", required=True)
    parser.add_argument("--external", default=None, help="folder for the absolute texture")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args(argv)
    args.kinds = set(args.kinds.split(",")) if args.kinds else set()
    return args


def write_png(path, rgba, name="tmp"):
    """A 4x4 flat-colour PNG at `path`."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    image = bpy.data.images.new(name, 4, 4)
    image.pixels[:] = list(rgba) * 16
    image.filepath_raw = path
    image.file_format = "PNG"
    image.save()
    bpy.data.images.remove(image)


def textured_plane(name, image, x):
    """A plane whose material shows `image`: images nothing uses are not saved."""
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    node = mat.node_tree.nodes.new("ShaderNodeTexImage")
    node.image = image
    bsdf = mat.node_tree.nodes.get("Principled BSDF")
    mat.node_tree.links.new(node.outputs["Color"], bsdf.inputs["Base Color"])
    bpy.ops.mesh.primitive_plane_add(size=1.0, location=(x, 0, 0))
    plane = bpy.context.active_object
    plane.name = name
    plane.data.materials.append(mat)
    return plane


def empty_scene():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    # No shot.blend1 backups beside the files the tests count.
    bpy.context.preferences.filepaths.save_version = 0
    scene = bpy.context.scene
    scene.render.engine = "CYCLES"
    scene.cycles.samples = 4
    scene.cycles.use_denoising = False
    scene.render.resolution_x, scene.render.resolution_y = 64, 36
    scene.frame_start, scene.frame_end = 1, 3
    return scene


def save_library(blend, texture, rgba, obj_name, link_from=None):
    """A library: object `obj_name` whose texture is relative to the library's own folder."""
    empty_scene()
    write_png(os.path.join(os.path.dirname(blend), texture), rgba)
    bpy.ops.wm.save_as_mainfile(filepath=blend)
    image = named(bpy.data.images.load("//" + texture), os.path.splitext(os.path.basename(texture))[0])
    plane = textured_plane(obj_name, image, 0.0)
    if link_from:
        # The nested library's material on a second slot: linking the plane then needs it.
        with bpy.data.libraries.load(link_from[0], link=True, relative=True) as (_, target):
            target.materials = [link_from[1]]
        plane.data.materials.append(target.materials[0])
    bpy.ops.wm.save_as_mainfile(filepath=blend, relative_remap=True)


def link_object(stored, name, scene, relative=True):
    with bpy.data.libraries.load(stored, link=True, relative=relative) as (_, target):
        target.objects = [name]
    for obj in target.objects:
        scene.collection.objects.link(obj)


def make_libraries(project, kinds):
    """lib/props.blend, and with "nested" lib/sub/deep.blend linked into it (not into the shot)."""
    nested = None
    if "nested" in kinds:
        save_library(os.path.join(project, "lib", "sub", "deep.blend"), "tex/deep_tex.png", (0.1, 0.9, 0.9, 1.0), "Deep")
        nested = ("//sub/deep.blend", "Deep")  # its material, named after its plane
    save_library(os.path.join(project, "lib", "props.blend"), "tex/props_tex.png", (0.9, 0.8, 0.1, 1.0), "Prop", nested)


def add_images(project, kinds, external):
    x = iter(range(-6, 20, 2))
    if "relative" in kinds:
        write_png(os.path.join(project, "textures", "grid.png"), (0.2, 0.9, 0.2, 1.0))
        textured_plane("Grid", named(bpy.data.images.load("//textures/grid.png"), "grid"), next(x))
    if "absolute" in kinds or "windows" in kinds:
        path = os.path.join(os.path.abspath(external), "wood.png")
        write_png(path, (0.6, 0.3, 0.1, 1.0))
        wood = named(bpy.data.images.load(path), "wood")
        if "windows" in kinds:
            # Blender on Linux keeps the string as it is: the .blend reads as if saved on Windows.
            wood.filepath = WINDOWS_WOOD
        textured_plane("Wood", wood, next(x))
    if "parent" in kinds:
        write_png(os.path.join(project, os.pardir, "shared", "shared.png"), (0.9, 0.8, 0.1, 1.0))
        textured_plane("Shared", named(bpy.data.images.load("//../shared/shared.png"), "shared"), next(x))
    if "sequence" in kinds:
        for frame, red in ((1, 0.2), (2, 0.5), (3, 0.8)):
            write_png(os.path.join(project, "seq", "frame_%04d.png" % frame), (red, 0.1, 0.7, 1.0))
        image = named(bpy.data.images.load("//seq/frame_0001.png"), "frames")
        image.source = "SEQUENCE"
        plane = textured_plane("Frames", image, next(x))
        user = plane.active_material.node_tree.nodes["Image Texture"].image_user
        user.frame_duration, user.use_auto_refresh = 3, True
    if "udim" in kinds:
        for tile, blue in ((1001, 0.3), (1002, 0.9)):
            write_png(os.path.join(project, "udim", "tiles.%d.png" % tile), (0.1, 0.4, blue, 1.0))
        image = named(bpy.data.images.load("//udim/tiles.1001.png"), "tiles")
        image.source = "TILED"
        image.filepath = "//udim/tiles.<UDIM>.png"
        if len(image.tiles) < 2:
            image.tiles.new(tile_number=1002)
        textured_plane("Tiles", image, next(x))
    if "packed" in kinds:
        image = bpy.data.images.new("packed", 4, 4)
        image.pixels[:] = [0.9, 0.1, 0.9, 1.0] * 16
        image.pack()
        textured_plane("Packed", image, next(x))
    if "missing" in kinds:
        image = bpy.data.images.new("gone", 4, 4)
        image.source = "FILE"
        image.filepath = "//textures/gone.png"
        textured_plane("Gone", image, next(x))


def add_cache_and_sound(project, scene, kinds):
    if "cache" in kinds:
        bpy.ops.mesh.primitive_cube_add(location=(0, 6, 0))
        smoke = bpy.context.active_object
        smoke.name = "Smoke"
        fluid = smoke.modifiers.new("Fluid", "FLUID")
        fluid.fluid_type = "DOMAIN"
        fluid.domain_settings.cache_directory = "//cache_fluid"
    if "sound" in kinds:
        path = os.path.join(project, "sounds", "beep.wav")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with wave.open(path, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(b"\0\0" * 800)
        editor = scene.sequence_editor_create()
        editor.sequences.new_sound("beep", "//sounds/beep.wav", 1, 1)


def write_cache_files(project):
    """Files standing in for a bake: the tracer lists a cache folder's files, whatever they hold.

    Written after the last save: an unbaked domain frees cache files past the current frame
    whenever Blender evaluates it.
    """
    for name in ("config/config_0001.uni", "data/fluid_data_0001.vdb", "data/fluid_data_0002.vdb"):
        path = os.path.join(project, "cache_fluid", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(b"stand-in for " + name.encode())


def named(image, name):
    image.name = name
    return image


def main():
    args = parse_args()
    project = os.path.abspath(args.dir)
    os.makedirs(project, exist_ok=True)
    external = os.path.abspath(args.external or os.path.join(project, "..", "external"))
    crate = os.path.join(external, "crate", "crate.blend")
    if "library" in args.kinds:
        make_libraries(project, args.kinds)
    if "abslib" in args.kinds or "winlib" in args.kinds:
        save_library(crate, "tex/crate_tex.png", (0.2, 0.3, 0.9, 1.0), "Crate")
    scene = empty_scene()
    shot = os.path.join(project, "shot.blend")
    # Saved first, so "//" paths below are relative to the shot's folder.
    bpy.ops.wm.save_as_mainfile(filepath=shot)
    camera = bpy.data.objects.new("Camera", bpy.data.cameras.new("Camera"))
    scene.collection.objects.link(camera)
    camera.location, camera.rotation_euler = (0, -12, 6), (1.1, 0, 0)
    scene.camera = camera
    sun = bpy.data.objects.new("Sun", bpy.data.lights.new("Sun", type="SUN"))
    scene.collection.objects.link(sun)
    add_images(project, args.kinds, external)
    add_cache_and_sound(project, scene, args.kinds)
    if "library" in args.kinds:
        link_object("//lib/props.blend", "Prop", scene)
    if "abslib" in args.kinds or "winlib" in args.kinds:
        link_object(crate, "Crate", scene, relative=False)
    if "winlib" in args.kinds:
        bpy.data.libraries[0].filepath = WINDOWS_CRATE
    bpy.ops.wm.save_as_mainfile(filepath=shot, relative_remap=False)
    if "cache" in args.kinds:
        write_cache_files(project)
    print("MAKE_PROJECT_OK " + shot, flush=True)


main()
