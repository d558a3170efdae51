#!/usr/bin/env python3
"""Independent counts of the corpus manifests (xml.etree), the figures test_manifest.cpp checks.

Usage: manifest_counts.py CORPUS_DIR  -> one line per manifest: file providers events templates maps
data-items(all levels) strings tasks opcodes(task+provider)
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = '{http://schemas.microsoft.com/win/2004/08/events}'


def local(tag):
    return tag.rsplit('}', 1)[-1]


def count(path):
    root = ET.parse(path).getroot()
    providers = [e for e in root.iter() if local(e.tag) == 'provider']
    events = templates = maps = items = tasks = opcodes = 0
    for p in providers:
        for e in p.iter():
            t = local(e.tag)
            if t == 'event':
                events += 1
            elif t == 'template':
                templates += 1
                # data/struct under template, skipping UserData
                stack = [e]
                while stack:
                    n = stack.pop()
                    for c in n:
                        if local(c.tag) in ('data', 'struct'):
                            items += 1
                            if local(c.tag) == 'struct':
                                stack.append(c)
            elif t in ('valueMap', 'bitMap'):
                maps += 1
            elif t == 'task':
                tasks += 1
            elif t == 'opcode':
                opcodes += 1
    strings = {s.get('id') for s in root.iter() if local(s.tag) == 'string' and s.get('id')}
    return len(providers), events, templates, maps, items, len(strings), tasks, opcodes


def main():
    corpus = sys.argv[1]
    files = [os.path.join('manifests', f) for f in sorted(os.listdir(os.path.join(corpus, 'expected/manifests')))]
    files.append('tx/HTTP_Server.man')
    for f in files:
        print(f, *count(os.path.join(corpus, 'expected', f)))


if __name__ == '__main__':
    main()
